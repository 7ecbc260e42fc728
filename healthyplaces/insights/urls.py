from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.insight_search, name="search"),
    path("conversations/", views.conversation_list, name="conversation_list"),
    path("conversations/new/", views.conversation_create, name="conversation_create"),
    path("conversations/<int:pk>/", views.conversation, name="conversation"),
    path("conversations/<int:pk>/redact/", views.conversation_redact, name="conversation_redact"),
    path("conversations/<int:pk>/insights/new/", views.insight_create, name="insight_create"),
    path("import/", views.insight_import, name="import"),
    path("confirm/", views.queue, name="queue"),
    path("areas/<str:code>/", views.area, name="area"),
    path("communities/", views.community_list, name="community_list"),
    path("communities/new/", views.community_create, name="community_create"),
    path("communities/<slug:slug>/", views.community, name="community"),
    path("<int:pk>/", views.insight, name="insight"),
    path("<int:pk>/edit/", views.insight_edit, name="insight_edit"),
    path("<int:pk>/redact/", views.insight_redact, name="insight_redact"),
    path("<int:pk>/assets/", views.insight_assets, name="insight_assets"),
]
