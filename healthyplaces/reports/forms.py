from django import forms

from .content import NEEDS_AREA, ReportRefused, find_place, find_theme
from .models import Kind


class BuildForm(forms.Form):
    """Which report, for which year or area: checked here, so a mistake is said on its field, not in the job."""

    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.RadioSelect, label="Which report")
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100, label="Year of the recommendations",
                              help_text="For “We said, we did”: the year the report was published, e.g. 2024 for "
                                        "the 2023/4 report")
    area = forms.CharField(required=False, max_length=200, label="Area",
                           help_text="For the other reports: a local authority (name or code) or a neighbourhood")
    theme = forms.CharField(required=False, max_length=200, label="Theme",
                            help_text="For a deep dive: a theme of the determinants of health, by name (e.g. Housing)")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Kind.WE_SAID_WE_DID and not data.get("year") and "year" not in self.errors:
            self.add_error("year", "Give the year of the report whose recommendations to follow, e.g. 2024.")
        if kind in NEEDS_AREA:
            area = (data.get("area") or "").strip()
            if not area:
                self.add_error("area", "Give the area the report is about: a local authority or a neighbourhood.")
            else:
                try:
                    find_place(area, self.user)
                except ReportRefused as refused:
                    self.add_error("area", str(refused))
        if kind == Kind.THEME_DEEP_DIVE:
            try:
                find_theme(data.get("theme"))
            except ReportRefused as refused:
                self.add_error("theme", str(refused))
        return data
