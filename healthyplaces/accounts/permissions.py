"""The one place that decides what each role may see and do.

Every view asks `can(user, action, obj)`; nothing else checks roles. The table is the policy:
read it as "this action is open to these roles". `PUBLIC` actions need no sign-in.
Object rules (a partner may change only its own organisation's records) live in `_OBJECT_RULES`.
"""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import Role

PUBLIC = "public"
SIGNED_IN = "signed_in"

STAFF = {Role.ADMIN, Role.OFFICER, Role.ANALYST}

RULES = {
    # places
    "places.view": {PUBLIC},
    "places.download": {PUBLIC},
    "neighbourhood.view_draft": STAFF,
    "neighbourhood.create": STAFF,
    "neighbourhood.change": STAFF,
    "neighbourhood.delete": {Role.ADMIN, Role.OFFICER},
    "data.import": {Role.ADMIN, Role.ANALYST},
    # indicators
    "indicators.view": {PUBLIC},
    "indicators.import": {Role.ADMIN, Role.ANALYST},
    # insights (unredacted text: the recorder's organisation, officers and administrators; see _OBJECT_RULES)
    "insights.view": STAFF | {Role.PARTNER, Role.CHAMPION, Role.PANEL_MEMBER},
    "insights.record": STAFF | {Role.PARTNER, Role.CHAMPION},
    "insights.import": STAFF | {Role.PARTNER},
    "insight.change": STAFF | {Role.PARTNER, Role.CHAMPION},
    "insight.view_unredacted": STAFF | {Role.PARTNER, Role.CHAMPION, Role.PANEL_MEMBER},
    "insights.manage_communities": {Role.ADMIN, Role.OFFICER},
    # sharing beyond the organisation waits for a confirmed redaction: whoever may change it confirms it
    "insights.confirm": STAFF | {Role.PARTNER, Role.CHAMPION},
    "insight.confirm": STAFF | {Role.PARTNER, Role.CHAMPION},
    "insights.confirm_any": {Role.ADMIN, Role.OFFICER},
    # assets
    "assets.view": {PUBLIC},
    "assets.download": {PUBLIC},
    "asset.view_draft": STAFF,
    "asset.view_contact": STAFF | {Role.PARTNER},
    "asset.create": {Role.ADMIN, Role.OFFICER, Role.PARTNER},
    "asset.change": {Role.ADMIN, Role.OFFICER, Role.PARTNER},
    "asset.import": {Role.ADMIN, Role.OFFICER, Role.PARTNER},
    "asset.review_duplicates": {Role.ADMIN, Role.OFFICER},
    # assessments (drafts: the assessment's members, officers and administrators; see _OBJECT_RULES)
    "frameworks.view": {PUBLIC},
    "frameworks.load": {Role.ADMIN},
    "assessments.view": STAFF | {Role.PARTNER, Role.CHAMPION},
    "assessments.start": STAFF | {Role.PARTNER, Role.CHAMPION},
    "assessment.view": STAFF | {Role.PARTNER, Role.CHAMPION},
    "assessment.edit": STAFF | {Role.PARTNER, Role.CHAMPION},
    "assessments.view_all": {Role.ADMIN, Role.OFFICER},
    "feedback.respond": {PUBLIC},
    # Health Impact Assessments (applicants: their own organisation's only; see _OBJECT_RULES)
    "hia.submit": {Role.APPLICANT},
    "hia.view": {Role.ADMIN, Role.OFFICER, Role.APPLICANT},
    "hia.edit": {Role.APPLICANT},
    "hia.review": {Role.ADMIN, Role.OFFICER},
    "hia.report": {Role.ADMIN, Role.OFFICER, Role.ANALYST},
    # accounts
    "account.view_own": {SIGNED_IN},
    "account.change_password": {SIGNED_IN},
    "account.reset_password": {PUBLIC},
    "audit.view": {Role.ADMIN},
    "organisation.view_members": {Role.ADMIN, Role.OFFICER},
}


def roles_of(user):
    """The set of roles a user holds in any organisation (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_healthyplaces_roles", None)
    if cached is None:
        cached = frozenset(user.memberships.values_list("role", flat=True))
        if user.is_superuser:
            cached = cached | {Role.ADMIN}
        user._healthyplaces_roles = cached
    return cached


def organisations_of(user):
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(user.memberships.values_list("organisation_id", flat=True))


def can(user, action, obj=None):
    try:
        allowed = RULES[action]
    except KeyError:
        raise ValueError(f"Unknown action {action!r}: add it to accounts.permissions.RULES") from None
    if PUBLIC in allowed:
        granted = True
    elif SIGNED_IN in allowed:
        granted = bool(getattr(user, "is_authenticated", False) and user.is_active)
    else:
        granted = bool(roles_of(user) & allowed)
    if granted and obj is not None and action in _OBJECT_RULES:
        granted = _OBJECT_RULES[action](user, obj)
    return granted


def require(action):
    """View decorator: anonymous visitors go to sign in; signed-in people without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not can(request.user, action):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(f"Your role does not allow {action}.")
            return view(request, *args, **kwargs)

        wrapped.required_action = action
        return wrapped

    return decorator


def _neighbourhood_change(user, neighbourhood):
    # Administrators and officers change any neighbourhood; analysts only the ones they made.
    roles = roles_of(user)
    return bool(roles & {Role.ADMIN, Role.OFFICER}) or neighbourhood.created_by_id == user.pk


def _same_organisation_or_officer(user, record):
    # Officers and administrators see and change any insight or conversation; others only their
    # own organisation's (and see everyone else's insights redacted).
    if roles_of(user) & {Role.ADMIN, Role.OFFICER}:
        return True
    organisations = getattr(user, "_healthyplaces_organisations", None)
    if organisations is None:
        organisations = user._healthyplaces_organisations = organisations_of(user)
    return record.organisation_id in organisations


def _asset_change(user, asset):
    # Administrators and officers change any asset; a partner only one holding its organisation's records
    # (its own, or one its record was merged into: Asset.record_holders).
    return bool(roles_of(user) & {Role.ADMIN, Role.OFFICER}) or bool(asset.record_holders() & organisations_of(user))


def _assessment_view(user, assessment):
    # A completed assessment is open to everyone who may see assessments (to compare teams); a draft
    # only to its members, officers and administrators.
    return (assessment.status == "completed" or bool(roles_of(user) & {Role.ADMIN, Role.OFFICER})
            or assessment.members.filter(pk=user.pk).exists())


def _assessment_edit(user, assessment):
    # Only members rate, invite and complete, and only while it is in progress.
    return assessment.status == "draft" and assessment.members.filter(pk=user.pk).exists()


def _hia_view(user, hia):
    # Officers and administrators see every HIA; an applicant only its own organisation's.
    return bool(roles_of(user) & {Role.ADMIN, Role.OFFICER}) or hia.development.organisation_id in organisations_of(user)


def _hia_edit(user, hia):
    return hia.development.organisation_id in organisations_of(user) and hia.status in ("draft", "revisions")


def _hia_review(user, hia):
    return hia.status == "submitted"


_OBJECT_RULES = {
    "assessment.view": _assessment_view,
    "assessment.edit": _assessment_edit,
    "hia.view": _hia_view,
    "hia.edit": _hia_edit,
    "hia.review": _hia_review,
    "neighbourhood.change": _neighbourhood_change,
    "insight.change": _same_organisation_or_officer,
    "insight.view_unredacted": _same_organisation_or_officer,
    "insight.confirm": _same_organisation_or_officer,
    "asset.change": _asset_change,
}
