"""A report as built on a day: kept as a dated version, its HTML and its PDF, to be read and downloaded again.

A version is its organisation's (the one the person who built it acted for) and lies in the local authority of
the area it is about; a community summary of an area everyone may see is public (reports/permissions.py). The
HTML and the PDF are kept in the database, so every app server serves the same files.
"""
from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    WE_SAID_WE_DID = "we-said-we-did", "We said, we did: the annual appendix"
    NEIGHBOURHOOD_PROFILE = "neighbourhood-profile", "Neighbourhood profile"
    BOARD_SUMMARY = "board-summary", "Health and Wellbeing Board progress summary"
    COMMUNITY_SUMMARY = "community-summary", "Community summary: you said, we did"
    THEME_DEEP_DIVE = "theme-deep-dive", "Deep dive on a theme, for the board"


class ReportVersion(models.Model):
    """One build of a report: what was asked for, by whom, when, and what it said."""

    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=300)
    parameters = models.JSONField(default=dict, blank=True, help_text="what was asked for: the year, the area, the theme")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    area_name = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                                     help_text="Whose report it is: the organisation it was built for")
    local_authority = models.ForeignKey("places.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", help_text="The council area the report is about")
    public = models.BooleanField(default=False, help_text="Everyone may read it (a community summary of a public area)")
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    built_at = models.DateTimeField(auto_now_add=True)
    html = models.TextField()
    pdf = models.BinaryField()

    class Meta:
        ordering = ["-built_at", "-id"]
        indexes = [models.Index(fields=["kind", "built_at"], name="report_kind_built")]

    def __str__(self):
        return f"{self.title} ({self.built_at:%d %B %Y %H:%M})"

    def filename(self, extension):
        """e.g. we-said-we-did-2024-2026-12-02-1430.pdf"""
        from django.utils.text import slugify

        return f"{slugify(self.title)[:80]}-{self.built_at:%Y-%m-%d-%H%M}.{extension}"
