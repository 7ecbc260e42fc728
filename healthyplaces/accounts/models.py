from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    OFFICER = "officer", "Public health officer"
    ANALYST = "analyst", "Public health intelligence analyst"
    PARTNER = "partner", "Partner"
    CHAMPION = "champion", "Community champion or connector"
    PANEL_MEMBER = "panel_member", "Panel member"
    APPLICANT = "applicant", "Applicant"
    WORKER = "worker", "Programme worker (peer advocate, link worker)"
    EVALUATOR = "evaluator", "Programme evaluator"


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships' roles."""

    display_name = models.CharField(max_length=150, blank=True)

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username


class Organisation(models.Model):
    audit_plain = ("name", "website")  # organisations, not people: readable in the audit trail

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        NHS = "nhs", "NHS body"
        VCSE = "vcse", "Voluntary, community or social enterprise organisation"
        COMMUNITY_GROUP = "community_group", "Community group"
        BUSINESS = "business", "Business"
        DEVELOPER = "developer", "Developer"
        OTHER_PUBLIC = "other_public", "Other public body (fire, police, housing)"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    website = models.URLField(blank=True)
    areas = models.ManyToManyField(
        "places.LocalAuthority", blank=True, related_name="organisations",
        help_text="The local authorities a council covers: its officers and analysts act on the records there "
                  "(accounts.permissions).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's role in an organisation; a person may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership_role"),
        ]
        ordering = ["organisation__name", "role"]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


class AuditEvent(models.Model):
    """Who changed or read what, and when. Written by the audit module, never edited."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        IMPORT = "import", "Imported"
        LOGIN = "login", "Signed in"
        VIEW = "view", "Read personal data"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(max_length=150, blank=True, help_text="Kept if the person is later removed.")
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=100, db_index=True)
    object_pk = models.CharField(max_length=64, blank=True)
    object_pks = models.TextField(blank=True, help_text="A read of several records: their keys, as ',1,2,3,'.")
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_pk"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or 'system'} {self.action} {self.model} {self.object_repr}"
