from django import forms

from .models import Assessment, Development


class StartForm(forms.ModelForm):
    """A new assessment: its title and year as the model holds them (their maximum lengths too)."""

    framework = forms.ChoiceField(label="Framework")
    organisation = forms.ChoiceField(label="Team or organisation")

    field_order = ["framework", "organisation", "title", "period"]

    class Meta:
        model = Assessment
        fields = ["title", "period"]  # the organisation is chosen from a list and set by the service
        labels = {"period": "Year"}
        help_texts = {"title": "For example: Healthy communities team self-assessment",
                      "period": "For example: 2026 or 2026/27"}

    def __init__(self, *args, frameworks=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [(f.key, f.name) for f in frameworks]
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]


class InviteForm(forms.Form):
    username = forms.CharField(label="User name of the person to invite", max_length=150)


class CopyForwardForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["period"]
        labels = {"period": "Year of the new assessment"}


class FeedbackLinksForm(forms.Form):
    count = forms.IntegerField(label="How many links", min_value=1, max_value=200, initial=10,
                               help_text="Each link takes one anonymous response.")


class DevelopmentForm(forms.ModelForm):
    """The development an HIA is about, as the model holds it; the LSOAs are codes the service checks."""

    lsoas = forms.CharField(label="LSOAs the site touches", widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="2011 LSOA codes separated by commas or spaces, for example E01012187")
    type = forms.ChoiceField(label="Type of development", choices=Development.Type.choices)

    class Meta:
        model = Development
        fields = ["name", "site", "lsoas", "size", "type"]
        labels = {"name": "Development name", "site": "Site address or description"}
        help_texts = {"site": "", "size": "For example: 120 homes, or 2,000 square metres"}


class FeedbackForm(forms.Form):
    """The anonymous short form: each community question is optional, answered on the community scale."""

    def __init__(self, *args, questions=(), options=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(option["value"]), option["label"]) for option in options]
        for question in questions:
            self.fields[question.key] = forms.ChoiceField(label=question.community_question, choices=choices,
                                                          required=False, widget=forms.RadioSelect)

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.values()):
            raise forms.ValidationError("Answer at least one question.")
        return data
