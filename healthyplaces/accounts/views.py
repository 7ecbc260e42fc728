from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import render

from .models import AuditEvent
from .permissions import require, roles_of


# The same words whether or not an account has the address, so the form tells no one who has an account.
RESET_SENT = ("If an account has that email address, we have sent it a link to choose a new password. "
              "The link works once, within an hour. Nothing arrived? Check the address, or ask an administrator.")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require("account.view_own")
def my_account(request):
    memberships = request.user.memberships.select_related("organisation")
    return render(request, "accounts/my_account.html", {"memberships": memberships, "roles": roles_of(request.user)})


@require("audit.view")
def audit_log(request):
    events = AuditEvent.objects.select_related("actor")
    model = request.GET.get("model", "").strip()
    if model:
        events = events.filter(model=model)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    models = AuditEvent.objects.order_by("model").values_list("model", flat=True).distinct()
    return render(request, "accounts/audit_log.html", {"page": page, "model": model, "models": models})
