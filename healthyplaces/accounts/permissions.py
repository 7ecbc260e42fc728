"""The one place that decides what each role may see and do.

Every view, template and service asks `can(user, action, obj)`; nothing else tests a role (a test reads
the code for that). `RULES` is the one table: read it as "this action is open to these roles". `PUBLIC`
actions need no sign-in.

A role is held in an organisation, and organisations sit side by side:

- administrators of the platform (the administrator role) act on every record;
- officers and analysts act on their own organisation's records and on the records within their
  organisation's areas (the local authorities a council covers, `Organisation.areas`): an officer of
  Stockton-on-Tees neither changes nor sees the drafts of a record in County Durham. What a person said
  (an insight's unredacted text) and how to reach a person listed as an asset reach the officers of those
  areas only, not the analysts (`OFFICERS_ONLY_IN_AREAS`);
- everyone else (partners, champions, panel members, applicants) acts on their own organisation's records:
  a partner at one organisation who is only a panel member at another may not change the second's records;
- national reference data (places, deprivation, indicators, frameworks) is shared: its actions have no
  object rule.

Without a record, `can(user, action)` asks whether the person holds one of the action's roles anywhere (to
open a page or show a link). With a record, the rule of the app that owns it decides. Each app declares its
rules in its own `APP/permissions.py`, imported by the app's `ready()`:

- a `Scope` says where a kind of record belongs: the organisations whose record it is and the local
  authorities it lies in (how each app knows a record's area is in its module's docstring). `reaches` asks
  it of one record and `filter` of a queryset, so a list shows what its pages allow;
- `@object_rule(action)` registers the rule for an action: it returns the reason it refuses, a sentence in
  the users' words, or None when it allows. `check` shows the reason on the 403 page and `refusal` gives it
  to show beside an action the person may not take.
"""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import Organisation, Role

PUBLIC = "public"
SIGNED_IN = "signed_in"

STAFF = {Role.ADMIN, Role.OFFICER, Role.ANALYST}
PLATFORM = {Role.ADMIN}  # the platform's administrators: every organisation's records
IN_AREAS = {Role.OFFICER, Role.ANALYST}  # also the records within their organisation's areas
# ... but what a person said and how to reach them stays with the officers there: analysts work with figures.
OFFICERS_ONLY_IN_AREAS = {"insight.view_unredacted", "insight.change", "insight.confirm", "asset.view_contact"}

NO_ROLE = "Your role does not allow this."

RULES = {
    # places
    "places.view": {PUBLIC},
    "places.download": {PUBLIC},
    "neighbourhood.view_draft": STAFF,
    "neighbourhood.create": STAFF,
    "neighbourhood.change": STAFF,  # analysts: those they made
    "neighbourhood.change_others": {Role.ADMIN, Role.OFFICER},  # those others made
    "data.import": {Role.ADMIN, Role.ANALYST},
    # indicators
    "indicators.view": {PUBLIC},
    "indicators.import": {Role.ADMIN, Role.ANALYST},
    "indicators.build_index": {Role.ADMIN, Role.ANALYST},  # a composite index from indicators held
    # insights (unredacted text, and what is not yet confirmed: within reach, see insights/permissions.py)
    "insights.view": STAFF | {Role.PARTNER, Role.CHAMPION, Role.PANEL_MEMBER},
    "insights.record": STAFF | {Role.PARTNER, Role.CHAMPION},
    "insights.import": STAFF | {Role.PARTNER},
    "insight.change": STAFF | {Role.PARTNER, Role.CHAMPION},
    "insight.view_unredacted": STAFF | {Role.PARTNER, Role.CHAMPION, Role.PANEL_MEMBER},
    "insights.manage_communities": {Role.ADMIN, Role.OFFICER},
    "insights.embed": {Role.ADMIN},
    # sharing beyond the organisation waits for a confirmed redaction: whoever may change it confirms it
    "insights.confirm": STAFF | {Role.PARTNER, Role.CHAMPION},
    "insight.confirm": STAFF | {Role.PARTNER, Role.CHAMPION},
    # assets
    "assets.view": {PUBLIC},
    "assets.download": {PUBLIC},
    "asset.view_draft": STAFF | {Role.PARTNER},
    "asset.view_contact": STAFF | {Role.PARTNER},
    "asset.create": {Role.ADMIN, Role.OFFICER, Role.PARTNER},
    "asset.change": {Role.ADMIN, Role.OFFICER, Role.PARTNER},
    "asset.import": {Role.ADMIN, Role.OFFICER, Role.PARTNER},
    "asset.review_duplicates": {Role.ADMIN, Role.OFFICER},
    # assessments (drafts: the assessment's members, and officers within reach; see assessments/permissions.py)
    "frameworks.view": {PUBLIC},
    "frameworks.load": {Role.ADMIN},
    "assessments.view": STAFF | {Role.PARTNER, Role.CHAMPION},
    "assessments.start": STAFF | {Role.PARTNER, Role.CHAMPION},
    "assessment.view": STAFF | {Role.PARTNER, Role.CHAMPION},
    "assessment.edit": STAFF | {Role.PARTNER, Role.CHAMPION},
    "assessment.oversee": {Role.ADMIN, Role.OFFICER},  # see, copy and ask feedback on a team's assessment
    "assessment.copy": STAFF | {Role.PARTNER, Role.CHAMPION},
    "assessment.ask_feedback": STAFF | {Role.PARTNER, Role.CHAMPION},
    "feedback.respond": {PUBLIC},
    # Health Impact Assessments (applicants: their own organisation's only; see assessments/permissions.py)
    "hia.submit": {Role.APPLICANT},
    "hia.view": {Role.ADMIN, Role.OFFICER, Role.APPLICANT},
    "hia.edit": {Role.APPLICANT},
    "hia.review": {Role.ADMIN, Role.OFFICER},
    "hia.report": {Role.ADMIN, Role.OFFICER, Role.ANALYST},
    # outcomes (participant records: the programme's named workers and officers only; see outcomes/permissions.py)
    "outcomes.view_public": {PUBLIC},  # a programme's public summary, small numbers suppressed
    "programmes.view": STAFF | {Role.PARTNER, Role.WORKER, Role.EVALUATOR},
    "programme.view": STAFF | {Role.PARTNER, Role.WORKER, Role.EVALUATOR},
    "programmes.create": {Role.ADMIN, Role.OFFICER},
    "programme.change": {Role.ADMIN, Role.OFFICER},
    "programme.view_figures": {Role.OFFICER, Role.WORKER, Role.EVALUATOR},  # unsuppressed, within the programme
    "participant.view": {Role.OFFICER, Role.WORKER},
    "participant.record": {Role.WORKER},
    "identity.view": {Role.WORKER},
    "programme.export": {Role.OFFICER, Role.WORKER, Role.EVALUATOR},  # anonymised; suppressed unless evaluator
    "programme.export_unsuppressed": {Role.EVALUATOR},
    "outcomes.import": {Role.ADMIN, Role.OFFICER, Role.WORKER},
    # grants (a fund is its holder's, in its lots' areas; an application its organisation's: grants/permissions.py)
    "grants.view": {PUBLIC},  # funds, lots and published call-outs
    "fund.manage": {Role.ADMIN, Role.OFFICER},  # funds, lots, rounds, call-outs, panels, the allocation by need
    "application.create": {Role.APPLICANT, Role.PARTNER},
    "application.edit": {Role.APPLICANT, Role.PARTNER},  # a draft of their own organisation's
    "application.view": {Role.ADMIN, Role.OFFICER, Role.APPLICANT, Role.PARTNER, Role.PANEL_MEMBER},
    "applications.review": {Role.ADMIN, Role.OFFICER},  # every application to a call-out within reach
    "panel.view": {Role.ADMIN, Role.OFFICER, Role.PANEL_MEMBER},
    "application.score": {Role.PANEL_MEMBER},  # a member of its panel, with no conflict declared on it
    "application.declare_conflict": {Role.PANEL_MEMBER},
    "panel.moderate": {Role.ADMIN, Role.OFFICER},
    "vote.cast": {PUBLIC},  # a resident verified by postcode, once a round (grants/voting.py)
    "vote.results": {PUBLIC},  # a counted vote's results and its Pabulib file (no personal data)
    "ballot.enter": {Role.ADMIN, Role.OFFICER},  # a paper ballot, in the fund's areas
    "ballot.check": {Role.ADMIN, Role.OFFICER},  # a paper ballot another officer entered
    "vote.count": {Role.ADMIN, Role.OFFICER},
    "awards.view": {PUBLIC},  # published awards (360Giving)
    "award.make": {Role.ADMIN, Role.OFFICER},  # awards from a decided round, within the lot's budget
    # actions (an action is its owner's; officers also those in their areas; see actions/permissions.py)
    "actions.view": STAFF | {Role.PARTNER, Role.CHAMPION, Role.PANEL_MEMBER},
    "action.view": STAFF | {Role.PARTNER, Role.CHAMPION, Role.PANEL_MEMBER},
    "actions.create": {Role.ADMIN, Role.OFFICER, Role.PARTNER},
    "action.change": {Role.ADMIN, Role.OFFICER, Role.PARTNER},
    "action.record_progress": {Role.ADMIN, Role.OFFICER, Role.PARTNER},
    # commitments against a framework's principles: an organisation changes its own; officers in the area see them
    "commitments.view": STAFF | {Role.PARTNER, Role.CHAMPION},
    "commitment.view": STAFF | {Role.PARTNER, Role.CHAMPION},
    "commitments.record": {Role.ADMIN, Role.OFFICER, Role.PARTNER},
    "commitment.change": {Role.ADMIN, Role.OFFICER, Role.PARTNER},
    # logic models: a council's officers set them up; staff and partners read the monitoring (actions/permissions.py)
    "logic_models.view": STAFF | {Role.PARTNER},
    "logic_model.view": STAFF | {Role.PARTNER},
    "logic_models.create": {Role.ADMIN, Role.OFFICER},
    "logic_model.change": {Role.ADMIN, Role.OFFICER},
    "strategies.view": {PUBLIC},
    "strategies.load": {Role.ADMIN},
    # reports (a version is its organisation's, in the area it is about; a public area's community summary is
    # everyone's: see reports/permissions.py)
    "reports.view": {PUBLIC},  # the list of versions: the public sees the community summaries only
    "reports.build": {Role.ADMIN, Role.OFFICER, Role.ANALYST},
    "report.view": {PUBLIC},  # one version: public if it is a public community summary, else as below
    "report.view_internal": STAFF,
    # accounts
    "account.view_own": {SIGNED_IN},
    "account.change_password": {SIGNED_IN},
    "account.reset_password": {PUBLIC},
    "audit.view": {Role.ADMIN},
    # why a part is unavailable on this platform (a package not installed, a setting): others get a plain sentence
    "platform.view_technical_details": {Role.ADMIN},
    "organisation.view_members": {Role.ADMIN, Role.OFFICER},
    # background jobs: whoever started one, and administrators (jobs/permissions.py)
    "job.view": {SIGNED_IN},
    "job.retry": {SIGNED_IN},
    "jobs.view_all": {Role.ADMIN},
}


# Roles and where they are held


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


def organisations_of(user):
    """The ids of the organisations in which the user holds any role."""
    return frozenset(roles_by_organisation(user))


def organisations_where(user, action):
    """The ids of the organisations in which the user holds one of the roles allowed for the action."""
    allowed = RULES[action]
    return frozenset(organisation for organisation, roles in roles_by_organisation(user).items() if roles & allowed)


def organisation_for(user, action):
    """The organisation a person acts for when doing this action (the first by name where a role allows it)."""
    return Organisation.objects.filter(pk__in=organisations_where(user, action)).order_by("name").first()


def areas_where(user, action):
    """The local authorities (codes) within the user's reach for the action: those covered by the organisations
    where they hold an officer's or analyst's role allowed for it (an officer's only, for personal data), with the
    former districts those replaced."""
    in_areas = {Role.OFFICER} if action in OFFICERS_ONLY_IN_AREAS else IN_AREAS
    organisations = [organisation for organisation, roles in roles_by_organisation(user).items()
                     if roles & RULES[action] & in_areas]
    if not organisations:
        return frozenset()
    covered = getattr(user, "_healthyplaces_areas", None)
    if covered is None:
        authorities = Organisation._meta.get_field("areas").related_model.objects
        covered = {}
        for organisation, code in Organisation.areas.through.objects.filter(
                organisation__in=roles_by_organisation(user)).values_list("organisation_id", "localauthority_id"):
            covered.setdefault(organisation, set()).add(code)
        for codes in covered.values():
            codes |= set(authorities.filter(successor__in=codes).values_list("code", flat=True))
        user._healthyplaces_areas = covered
    return frozenset().union(*(covered.get(organisation, ()) for organisation in organisations))


def platform_wide(user, action):
    """Administrators of the platform act on every organisation's records, when the action is open to them."""
    return bool(roles_of(user) & PLATFORM & RULES[action])


class Scope:
    """Where a kind of record belongs: `organisations`, the lookups from the record to the organisations whose
    record it is, and `areas`, the lookups to the local authorities it lies in (a lookup, or a lookup and the
    condition under which it holds: `("partner__areas", {"lsoa__isnull": True})`). A person reaches a record for an
    action with a role for it in one of those organisations, as an officer or analyst of an organisation covering
    one of those areas, or as an administrator of the platform."""

    def __init__(self, model, *, organisations, areas=()):
        self.model, self.organisations = model, tuple(organisations)
        self.areas = tuple((area, {}) if isinstance(area, str) else area for area in areas)

    def _within(self, user, action):
        organisations, areas = organisations_where(user, action), areas_where(user, action)
        found = Q(pk__in=[])
        for lookup in self.organisations if organisations else ():
            found |= Q(**{f"{lookup}__in": organisations})
        for lookup, condition in (self.areas if areas else ()):
            found |= Q(**{f"{lookup}__in": areas, **condition})
        return found

    def q(self, user, action):
        """A filter for the records within reach. A lookup on the record's own column is a plain condition; each
        lookup across a relation is its own id subquery, so the joins of one are never multiplied by another's
        (one query joining every relation at once grows with the product of their rows) and none repeats a row."""
        if platform_wide(user, action):
            return Q(pk__isnull=False)  # every record; an empty Q() would vanish when or-ed with another
        organisations, areas = organisations_where(user, action), areas_where(user, action)
        conditions = [({f"{lookup}__in": organisations}) for lookup in self.organisations if organisations]
        conditions += [{f"{lookup}__in": areas, **condition} for lookup, condition in self.areas if areas]
        found = Q(pk__in=[])
        manager = self.model._default_manager
        for condition in conditions:
            own = all(self._own_column(key.removesuffix("__in")) for key in condition)
            found |= Q(**condition) if own else Q(pk__in=manager.filter(**condition).values("pk"))
        return found

    def _own_column(self, lookup):
        """Whether a lookup is a column of the record itself (its id or a foreign key), not across a relation."""
        if "__" in lookup:
            return False
        field = self.model._meta.pk if lookup == "pk" else self.model._meta.get_field(lookup)
        return field.concrete and not field.many_to_many

    def filter(self, queryset, user, action):
        return queryset.filter(self.q(user, action))

    def reaches(self, user, action, record):
        if platform_wide(user, action):
            return True
        organisations = organisations_where(user, action)
        if any(getattr(record, f"{lookup}_id", None) in organisations for lookup in self.organisations if "__" not in lookup):
            return True  # its own organisation's record: no query needed
        if not organisations and not areas_where(user, action):
            return False
        return self.model._default_manager.filter(self._within(user, action), pk=record.pk).exists()

    def rule(self, action, reason):
        """Register the plainest object rule: the record must be within reach for the action, else `reason`."""
        object_rule(action)(lambda user, record: None if self.reaches(user, action, record) else reason)


# Organisations within reach: their own, and for a council's officers those covering its areas.
ORGANISATIONS = Scope(Organisation, organisations=["pk"], areas=["areas"])


# Object rules, declared by each app


_OBJECT_RULES = {}


def object_rule(action):
    """Register the rule for an action on one record: `rule(user, record)` returns why it refuses, or None."""
    if action not in RULES:
        raise ValueError(f"Unknown action {action!r}: add it to accounts.permissions.RULES")

    def register(rule):
        if _OBJECT_RULES.setdefault(action, rule) is not rule:
            raise ValueError(f"{action!r} has an object rule already: {_OBJECT_RULES[action].__module__}")
        return rule

    return register


def refusal(user, action, obj=None):
    """Why the person may not do the action (on the record), in their words; None when they may."""
    try:
        allowed = RULES[action]
    except KeyError:
        raise ValueError(f"Unknown action {action!r}: add it to accounts.permissions.RULES") from None
    if PUBLIC in allowed:
        pass
    elif SIGNED_IN in allowed:
        if not (getattr(user, "is_authenticated", False) and user.is_active):
            return "Sign in to do this."
    elif not roles_of(user) & allowed:
        return NO_ROLE
    if obj is None:
        return None
    try:
        rule = _OBJECT_RULES[action]
    except KeyError:
        raise ValueError(f"{action!r} has no object rule: register one in its app's permissions.py") from None
    return rule(user, obj)


def can(user, action, obj=None):
    return refusal(user, action, obj) is None


def check(user, action, obj=None):
    """In a view: refuse with a 403 that says why, unless the person may."""
    reason = refusal(user, action, obj)
    if reason:
        raise PermissionDenied(reason)


def require(action, *, hidden=False):
    """View (or API operation) decorator: without a role for the action, anonymous visitors go to sign in and
    signed-in people get a 403 saying why; `hidden`, everyone refused gets a 404 (the API: reveal nothing)."""
    if action not in RULES:
        raise ValueError(f"Unknown action {action!r}: add it to accounts.permissions.RULES")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            reason = refusal(request.user, action)
            if reason:
                if hidden:
                    raise Http404("Not found.")
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(reason)
            return view(request, *args, **kwargs)

        wrapped.required_action = action
        return wrapped

    return decorator
