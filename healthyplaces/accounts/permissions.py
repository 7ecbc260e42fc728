"""The one place that decides what each role may see and do.

Every view asks `can(user, action, obj)`; nothing else checks roles. The table is the policy:
read it as "this action is open to these roles". `PUBLIC` actions need no sign-in.

A role is held in an organisation. Without a record, `can(user, action)` asks whether the person
holds one of the action's roles anywhere (to open a page or show a link). With a record, the role
must be held in the record's own organisation (an asset's partner, an insight's or conversation's
organisation, an assessment's organisation, an HIA's development's organisation): a partner at one
organisation who is only a panel member at another may not change the second's records. The object
rules are in `_OBJECT_RULES`; lists use the same rule through `organisations_where(user, action)`
and `in_organisations(user, action, field)`.

Administrators and officers keep their oversight of every organisation's records for now
(`OVERSIGHT`); a later issue scopes councils side by side, each within its own areas.
"""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import Organisation, Role

PUBLIC = "public"
SIGNED_IN = "signed_in"

STAFF = {Role.ADMIN, Role.OFFICER, Role.ANALYST}
# Roles that reach every organisation's records (see the module's docstring).
OVERSIGHT = {Role.ADMIN, Role.OFFICER}

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
    "asset.view_draft": STAFF | {Role.PARTNER},
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
    # why a part is unavailable on this platform (a package not installed, a setting): others get a plain sentence
    "platform.view_technical_details": {Role.ADMIN},
    "organisation.view_members": {Role.ADMIN, Role.OFFICER},
    # background jobs (healthyplaces.jobs): whoever started one, and administrators; see _OBJECT_RULES
    "job.view": {SIGNED_IN},
    "job.retry": {SIGNED_IN},
}


def roles_by_organisation(user):
    """{organisation id: the roles the user holds there} (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_healthyplaces_roles_by_organisation", None)
    if cached is None:
        cached = {}
        for organisation_id, role in user.memberships.values_list("organisation_id", "role"):
            cached[organisation_id] = cached.get(organisation_id, frozenset()) | {role}
        user._healthyplaces_roles_by_organisation = cached
    return cached


def roles_of(user):
    """The set of roles a user holds in any organisation (a superuser is also an administrator)."""
    roles = frozenset().union(*roles_by_organisation(user).values())
    if getattr(user, "is_superuser", False) and user.is_active:
        roles |= {Role.ADMIN}
    return roles


def organisations_where(user, action):
    """The ids of the organisations in which the user holds one of the roles allowed for the action."""
    allowed = RULES[action]
    return frozenset(organisation for organisation, roles in roles_by_organisation(user).items() if roles & allowed)


def organisation_for(user, action):
    """The organisation a person acts for when doing this action (the first by name where a role allows it)."""
    return Organisation.objects.filter(pk__in=organisations_where(user, action)).order_by("name").first()


def oversees(user, action):
    """Administrators and officers act on every organisation's records, when the action is open to their role."""
    return bool(roles_of(user) & OVERSIGHT & RULES[action])


def holds_role_in(user, action, organisation_id):
    """May the user do this action on a record of that organisation (a role for it there, or oversight)?"""
    return oversees(user, action) or organisation_id in organisations_where(user, action)


def in_organisations(user, action, field):
    """A filter for the records whose organisation (`field`) the user may do the action in."""
    if oversees(user, action):
        return Q(pk__isnull=False)  # every record; an empty Q() would vanish when or-ed with another
    return Q(**{f"{field}__in": organisations_where(user, action)})


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
    return oversees(user, "neighbourhood.change") or neighbourhood.created_by_id == user.pk


def _in_own_organisation(action):
    # The record's organisation must be one where the user holds a role for the action (or oversees all).
    return lambda user, record: holds_role_in(user, action, record.organisation_id)


def _asset_in_own_organisation(action):
    # A role for the action in an organisation whose record the asset holds: its own partner or, once
    # merged, a partner whose record was merged into it (Asset.record_holders), so that partner keeps it in hand.
    return lambda user, asset: oversees(user, action) or bool(asset.record_holders() & organisations_where(user, action))


def _assessment_view(user, assessment):
    # A completed assessment is open to everyone who may see assessments (to compare teams); a draft
    # only to officers, administrators and members who hold a role for it in its organisation.
    return (assessment.status == "completed" or oversees(user, "assessment.view")
            or _member_in_organisation(user, "assessment.view", assessment))


def _assessment_edit(user, assessment):
    # Only members rate, invite and complete, and only while it is in progress.
    return assessment.status == "draft" and _member_in_organisation(user, "assessment.edit", assessment)


def _member_in_organisation(user, action, assessment):
    return (holds_role_in(user, action, assessment.organisation_id)
            and assessment.members.filter(pk=user.pk).exists())


def _hia_edit(user, hia):
    return holds_role_in(user, "hia.edit", hia.organisation_id) and hia.status in ("draft", "revisions")


def _hia_review(user, hia):
    return hia.status == "submitted"


def _job_view(user, job):
    # A job's page tells what someone's import or load did: theirs to see, and administrators'.
    return job.started_by_id == user.pk or Role.ADMIN in roles_of(user)


def _job_retry(user, job):
    return _job_view(user, job) and job.may_run_again


_OBJECT_RULES = {
    "job.view": _job_view,
    "job.retry": _job_retry,
    "assessment.view": _assessment_view,
    "assessment.edit": _assessment_edit,
    "hia.view": _in_own_organisation("hia.view"),
    "hia.edit": _hia_edit,
    "hia.review": _hia_review,
    "neighbourhood.change": _neighbourhood_change,
    "insight.change": _in_own_organisation("insight.change"),
    "insight.view_unredacted": _in_own_organisation("insight.view_unredacted"),
    "insight.confirm": _in_own_organisation("insight.confirm"),
    "asset.change": _asset_in_own_organisation("asset.change"),
    "asset.view_draft": _asset_in_own_organisation("asset.view_draft"),
}
