from django import forms

from .models import Development


class StartForm(forms.Form):
    framework = forms.ChoiceField(label="Framework")
    organisation = forms.ChoiceField(label="Team or organisation")
    title = forms.CharField(label="Title", max_length=200, help_text="For example: Healthy communities team self-assessment")
    period = forms.CharField(label="Year", max_length=20, help_text="For example: 2026 or 2026/27")

    def __init__(self, *args, frameworks=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [(f.key, f.name) for f in frameworks]
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]


class InviteForm(forms.Form):
    username = forms.CharField(label="User name of the person to invite", max_length=150)


class CopyForwardForm(forms.Form):
    period = forms.CharField(label="Year of the new assessment", max_length=20)


class FeedbackLinksForm(forms.Form):
    count = forms.IntegerField(label="How many links", min_value=1, max_value=200, initial=10,
                               help_text="Each link takes one anonymous response.")


class DevelopmentForm(forms.Form):
    name = forms.CharField(label="Development name", max_length=200)
    site = forms.CharField(label="Site address or description", max_length=300)
    lsoas = forms.CharField(label="LSOAs the site touches", widget=forms.Textarea,
                            help_text="2011 LSOA codes separated by commas or spaces, for example E01012187")
    size = forms.CharField(label="Size", max_length=100, help_text="For example: 120 homes, or 2,000 square metres")
    type = forms.ChoiceField(label="Type of development", choices=Development.Type.choices)
