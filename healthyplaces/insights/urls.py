from django.urls import path

from .views import communities, confirming, conversations, importing, insights, similar

app_name = "insights"
urlpatterns = [
    path("", insights.insight_search, name="search"),
    path("similar/", similar.similar_insights, name="similar"),
    path("conversations/", conversations.conversation_list, name="conversation_list"),
    path("conversations/new/", conversations.conversation_create, name="conversation_create"),
    path("conversations/<int:pk>/", conversations.conversation, name="conversation"),
    path("conversations/<int:pk>/redact/", confirming.conversation_redact, name="conversation_redact"),
    path("conversations/<int:pk>/insights/new/", insights.insight_create, name="insight_create"),
    path("import/", importing.insight_import, name="import"),
    path("confirm/", confirming.queue, name="queue"),
    path("areas/<str:code>/", insights.area, name="area"),
    path("communities/", communities.community_list, name="community_list"),
    path("communities/new/", communities.community_create, name="community_create"),
    path("communities/<slug:slug>/", communities.community, name="community"),
    path("<int:pk>/", insights.insight, name="insight"),
    path("<int:pk>/edit/", insights.insight_edit, name="insight_edit"),
    path("<int:pk>/redact/", confirming.insight_redact, name="insight_redact"),
    path("<int:pk>/assets/", insights.insight_assets, name="insight_assets"),
]
