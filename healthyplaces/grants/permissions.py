"""Who may act on a fund or an application (the table of roles is `accounts.permissions.RULES`).

A fund, its rounds and call-outs are the holding organisation's and lie in its lots' local authorities: the
officers of the councils covering a lot manage them. An application is its applicant organisation's (an
unregistered group's applicant acts for the organisation they signed up with) and lies in its call-out's lot:
applicants see only their own, the officers there every one. A panel member sees and scores the applications of
the rounds whose panel they sit on, except those they declared a conflict of interest on.
"""
from healthyplaces.accounts.permissions import Scope, object_rule

from .models import Application, CallOut, Fund

FUNDS = Scope(Fund, organisations=["organisation"], areas=["lots__local_authorities"])
CALL_OUTS = Scope(CallOut, organisations=["round__fund__organisation"], areas=["lot__local_authorities"])
APPLICATIONS = Scope(Application, organisations=["organisation"],
                     areas=["call_out__lot__local_authorities", "call_out__round__fund__organisation__areas"])

FUNDS.rule("fund.manage", "Only the officers of the councils this fund's lots cover manage it.")
APPLICATIONS.rule("applications.review", "Only officers of the councils this call-out covers review its applications.")

CONFLICTED = "You declared a conflict of interest on this application, so you cannot see or score it."
NOT_ON_PANEL = "You are not on the panel of this application's round."


def on_panel(user, application):
    panel = getattr(application.call_out.round, "panel", None)
    return panel is not None and panel.members.filter(pk=user.pk).exists()


def conflicted(user, application):
    return application.conflicts.filter(member=user.pk).exists()


@object_rule("application.view")
def _view(user, application):
    if conflicted(user, application):
        return CONFLICTED
    if APPLICATIONS.reaches(user, "application.view", application):
        return None
    if application.status == Application.Status.SUBMITTED and on_panel(user, application):
        return None
    return "Only the applicant's organisation, the officers of the area and its panel see this application."


@object_rule("application.edit")
def _edit(user, application):
    if application.status != Application.Status.DRAFT:
        return "This application has been submitted: it can no longer be changed."
    if not APPLICATIONS.reaches(user, "application.edit", application):
        return "Only the applicant's organisation changes this application."


@object_rule("application.score")
def _score(user, application):
    if conflicted(user, application):
        return CONFLICTED
    if not on_panel(user, application):
        return NOT_ON_PANEL
    if application.status != Application.Status.SUBMITTED:
        return "Only a submitted application is scored."
    if application.call_out.round.status == application.call_out.round.Status.DECIDED:
        return "This round has been decided: its scores are closed."


@object_rule("application.declare_conflict")
def _declare(user, application):
    if not on_panel(user, application):
        return NOT_ON_PANEL


@object_rule("panel.view")
def _panel_view(user, round_):
    panel = getattr(round_, "panel", None)
    if panel is not None and panel.members.filter(pk=user.pk).exists():
        return None
    if FUNDS.reaches(user, "fund.manage", round_.fund):  # its officers, who need no seat on it
        return None
    return NOT_ON_PANEL.replace("application's round", "round")


@object_rule("panel.moderate")
def _moderate(user, round_):
    if not FUNDS.reaches(user, "panel.moderate", round_.fund):
        return "Only the officers of the councils this fund's lots cover moderate its panel."


# Votes and awards: a round's officers (those of the councils its fund's lots cover) enter and check paper ballots,
# count the vote and make the awards.

ROUND_OFFICERS = "Only the officers of the councils this fund's lots cover do this."


@object_rule("ballot.enter")
def _enter(user, round_):
    if not FUNDS.reaches(user, "ballot.enter", round_.fund):
        return ROUND_OFFICERS


@object_rule("ballot.check")
def _check_ballot(user, ballot):
    if not FUNDS.reaches(user, "ballot.check", ballot.round.fund):
        return ROUND_OFFICERS
    if ballot.entered_by_id == user.pk:
        return "You entered this paper ballot: a second officer checks it."


@object_rule("vote.count")
def _count(user, round_):
    if not FUNDS.reaches(user, "vote.count", round_.fund):
        return ROUND_OFFICERS


@object_rule("award.make")
def _award(user, round_):
    if not FUNDS.reaches(user, "award.make", round_.fund):
        return ROUND_OFFICERS
