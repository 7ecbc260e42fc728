from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .permissions import require

app_name = "accounts"


def _message(heading, text, link=None, link_text=""):
    return {"template_name": "accounts/message.html",
            "extra_context": {"heading": heading, "text": text, "link": link, "link_text": link_text}}


change_password = require("account.change_password")
reset_password = require("account.reset_password")

urlpatterns = [
    path("sign-in/", views.LoginView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.my_account, name="my_account"),
    path("audit/", views.audit_log, name="audit_log"),
    # Django's own password views, on GOV.UK pages.
    path("password/", change_password(auth_views.PasswordChangeView.as_view(
        template_name="accounts/form.html", success_url=reverse_lazy("accounts:password_change_done"),
        extra_context={"heading": "Change your password", "button": "Change password"})), name="password_change"),
    path("password/changed/", change_password(auth_views.PasswordChangeDoneView.as_view(**_message(
        "Password changed", "Your password is changed. You stay signed in here; other browsers are signed out.",
        reverse_lazy("accounts:my_account"), "Back to your account"))), name="password_change_done"),
    path("password-reset/", reset_password(auth_views.PasswordResetView.as_view(
        template_name="accounts/form.html", email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt", success_url=reverse_lazy("accounts:password_reset_done"),
        extra_context={"heading": "Forgotten your password", "button": "Send me a link",
                       "intro": "Give the email address of your account and we will send it a link to choose a new password."})),
        name="password_reset"),
    path("password-reset/sent/", reset_password(auth_views.PasswordResetDoneView.as_view(**_message(
        "Check your email", views.RESET_SENT))), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", reset_password(auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/form.html", success_url=reverse_lazy("accounts:password_reset_complete"),
        extra_context={"heading": "Choose a new password", "button": "Save password"})), name="password_reset_confirm"),
    path("password-reset/done/", reset_password(auth_views.PasswordResetCompleteView.as_view(**_message(
        "Password saved", "You can now sign in with your new password.", reverse_lazy("accounts:login"), "Sign in"))),
        name="password_reset_complete"),
    path("audit/who-saw/", views.who_saw, name="who_saw"),
]
