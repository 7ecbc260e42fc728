from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "healthyplaces.accounts"
    label = "accounts"
    verbose_name = "Accounts and audit"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        import healthyplaces.checks  # noqa: F401 (registers the production checks)

        from . import audit
        from .models import Membership, Organisation, User

        User.audit_exclude = ("password", "last_login")
        for model in (User, Organisation, Membership):
            audit.track(model)

        def _login(sender, request, user, **kwargs):
            audit.record("login", "accounts.User", user.pk, user, actor=user)

        user_logged_in.connect(_login, dispatch_uid="audit-login", weak=False)
