"""Who may act on a self-assessment or a Health Impact Assessment (the table of roles is
`accounts.permissions.RULES`).

A self-assessment is its team's, the organisation that runs it, and lies in that organisation's areas: a
council's officers see and copy forward the assessments of the teams covering its areas (their own council
among them). Only its members rate it, and only while it is in progress; a completed one is open to everyone
who may see assessments, to compare teams.

An HIA is the applicant organisation's, and lies in the local authorities of its development's LSOAs: the
officers of the council the site is in read and review it. Frameworks are shared by everyone.
"""
from django.db.models import Q

from healthyplaces.accounts.permissions import Scope, object_rule

from .models import Assessment, Hia

ASSESSMENTS = Scope(Assessment, organisations=["organisation"], areas=["organisation__areas"])
HIAS = Scope(Hia, organisations=["development__organisation"], areas=["development__lsoas__local_authority"])


def visible_assessments(assessments, user):
    """Completed assessments; drafts to their members within reach and to officers of the team's council."""
    return assessments.filter(Q(status=Assessment.Status.COMPLETED) | ASSESSMENTS.q(user, "assessment.oversee")
                              | Q(pk__in=_members_within(user, "assessment.view").values("pk")))


def _members_within(user, action):
    return ASSESSMENTS.filter(Assessment.objects.filter(members=user.pk), user, action)


def _member(user, assessment, action):
    return ASSESSMENTS.reaches(user, action, assessment) and assessment.members.filter(pk=user.pk).exists()


def _overseen(user, assessment):
    return ASSESSMENTS.reaches(user, "assessment.oversee", assessment)


@object_rule("assessment.view")
def _view(user, assessment):
    if not (assessment.locked or _overseen(user, assessment) or _member(user, assessment, "assessment.view")):
        return "This assessment is a draft of another team."


@object_rule("assessment.edit")
def _edit(user, assessment):
    if assessment.locked:
        return "This assessment is completed and locked: copy it forward to rate again."
    if not _member(user, assessment, "assessment.edit"):
        return "Only members of this assessment can rate it."


@object_rule("assessment.copy")
def _copy(user, assessment):
    if not assessment.locked:
        return "Only a completed assessment is copied forward."
    if not (_member(user, assessment, "assessment.copy") or _overseen(user, assessment)):
        return "Only the assessment's members, or an officer of its team's council, copy it forward."


@object_rule("assessment.ask_feedback")
def _ask_feedback(user, assessment):
    if not (_member(user, assessment, "assessment.ask_feedback") or _overseen(user, assessment)):
        return "Only the assessment's members, or an officer of its team's council, make feedback links."


HIAS.rule("hia.view", "Only the applicant and the council the site is in see this HIA.")


@object_rule("hia.edit")
def _hia_edit(user, hia):
    if hia.status not in (Hia.Status.DRAFT, Hia.Status.REVISIONS):
        return "This HIA is with the council: it can be changed again if they ask for revisions."
    if not HIAS.reaches(user, "hia.edit", hia):
        return "Only the applicant's organisation changes this HIA."


@object_rule("hia.review")
def _hia_review(user, hia):
    if hia.status != Hia.Status.SUBMITTED:
        return "This HIA is not waiting for a review."
    if not HIAS.reaches(user, "hia.review", hia):
        return "Only officers of the council the site is in review this HIA."
