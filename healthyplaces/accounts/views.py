from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import render

from healthyplaces.exports import csv_response

from . import audit, services, subject_access
from .models import AuditEvent
from .permissions import require

WHO_SAW_COLUMNS = ["when", "who", "action", "kind of record", "record id", "detail"]
WHO_SAW_SHOWN = 1000  # events on the page; the CSV has them all


# The same words whether or not an account has the address, so the form tells no one who has an account.
RESET_SENT = ("If an account has that email address, we have sent it a link to choose a new password. "
              "The link works once, within an hour. Nothing arrived? Check the address, or ask an administrator.")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require("account.view_own")
def my_account(request):
    return render(request, "accounts/my_account.html", {"held": services.roles_held(request.user)})


@require("audit.view")
def audit_log(request):
    events = AuditEvent.objects.select_related("actor")
    model = request.GET.get("model", "").strip()
    if model:
        events = events.filter(model=model)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    models = AuditEvent.objects.order_by("model").values_list("model", flat=True).distinct()
    return render(request, "accounts/audit_log.html", {"page": page, "model": model, "models": models})


def _rows(events):
    return [[e.at.isoformat(timespec="seconds"), e.actor_name or "system", e.get_action_display(), e.model,
             e.object_pk or e.object_pks.strip(","), _detail(e)] for e in events]


def _detail(event):
    if event.action == AuditEvent.Action.VIEW:
        return event.changes.get("read", "")
    return ", ".join(event.changes)  # the names of the fields that changed


@require("audit.view")
def who_saw(request):
    """Administrators answer "who saw this person's data": the records holding an identifier, and every
    read and change of them. Posted, so the identifier stays out of addresses and server logs; audited."""
    identifier = request.POST.get("identifier", "").strip() if request.method == "POST" else ""
    if not identifier:
        return render(request, "accounts/who_saw.html", {"identifier": "", "records": None})
    records = subject_access.records_holding(identifier)
    events = subject_access.events_about(records)
    audit.record("view", "accounts.AuditEvent", "", "Who saw this person's data",
                 {"read": "who saw this person's data", "searched": audit.digest(identifier), "records": len(records)},
                 actor=request.user)
    audit.record_read(request, records, "found by an administrator's who-saw search")
    if "csv" in request.POST:
        return csv_response("who-saw.csv", WHO_SAW_COLUMNS, _rows(events))
    return render(request, "accounts/who_saw.html", {
        "identifier": identifier, "rows": _rows(events[:WHO_SAW_SHOWN]), "count": events.count(),
        "shown": WHO_SAW_SHOWN, "records": [(r._meta.label, r.pk, str(r)[:80]) for r in records]})
