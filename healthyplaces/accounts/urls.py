from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.LoginView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.my_account, name="my_account"),
    path("audit/", views.audit_log, name="audit_log"),
]
