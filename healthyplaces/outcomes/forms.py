"""The forms of a participant's record: taking them in, goals, contacts, measures, outcomes and referrals.

The checks are the services' (outcomes/services.py): a form only gathers what was typed and shows it again with
the services' message beside the field it names.
"""
from django import forms

from healthyplaces.forms import DateField
from healthyplaces.insights.models import Community

from .measures import measures
from .models import AgeBand, Contact, Ethnicity, Goal, Participant, Referral, Sex, Timepoint


class ParticipantForm(forms.Form):
    reference = forms.CharField(max_length=20, label="Reference",
                                help_text="The programme's own code, such as PA-0001. Not a name or a date of birth.")
    joined_on = DateField(label="Date they joined", help_text="For example, 6 1 2026")
    postcode = forms.CharField(max_length=10, required=False, label="Postcode (optional)",
                               help_text="Only the area it lies in (its LSOA) is kept, not the postcode.")
    age_band = forms.ChoiceField(choices=[("", "Not known")] + [c for c in AgeBand.choices if c[0]], required=False,
                                 label="Age band")
    sex = forms.ChoiceField(choices=[("", "Not known or not said")] + [c for c in Sex.choices if c[0]],
                            required=False, label="Sex")
    ethnicity = forms.ChoiceField(choices=[("", "Not known or not said")] + [c for c in Ethnicity.choices if c[0]],
                                  required=False, label="Ethnic group")
    communities = forms.ModelMultipleChoiceField(queryset=Community.objects.all(), required=False,
                                                 widget=forms.CheckboxSelectMultiple, label="Communities (optional)")
    referral_source = forms.ChoiceField(choices=[("", "Not known")] + Participant._meta.get_field("referral_source").choices,
                                        required=False, label="Who referred them")
    referred_on = DateField(required=False, label="Date they were referred (optional)")
    IDENTITY = ("name", "date_of_birth", "phone", "email")

    def __init__(self, *args, holds_identity=False, **kwargs):
        super().__init__(*args, **kwargs)
        if holds_identity:
            self.fields["name"] = forms.CharField(max_length=200, required=False, label="Name (optional)",
                                                  help_text="Kept apart from the record, seen only by the "
                                                            "programme's named workers, and erased on request.")
            self.fields["date_of_birth"] = DateField(required=False, label="Date of birth (optional)")
            self.fields["phone"] = forms.CharField(max_length=40, required=False, label="Phone (optional)")
            self.fields["email"] = forms.EmailField(required=False, label="Email (optional)")

    def values(self):
        data = dict(self.cleaned_data)
        identity = {name: data.pop(name) or ("" if name != "date_of_birth" else None)
                    for name in self.IDENTITY if name in data}
        return {**data, "identity": identity or None}


class GoalForm(forms.Form):
    text = forms.CharField(max_length=300, label="The goal", widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="In the participant's words. No names.")
    co_produced = forms.BooleanField(required=False, initial=True, label="Set together with the participant")
    set_on = DateField(label="Date set")
    progress = forms.ChoiceField(choices=Goal.Progress.choices, initial=Goal.Progress.NOT_STARTED,
                                 widget=forms.RadioSelect, label="Progress")


class GoalReviewForm(GoalForm):
    reviewed_on = DateField(required=False, label="Date reviewed", help_text="For example, 6 1 2026")


class ContactForm(forms.Form):
    on = DateField(label="Date of the contact")
    kind = forms.ChoiceField(choices=Contact.Kind.choices, widget=forms.RadioSelect, label="Kind of contact")
    minutes = forms.IntegerField(min_value=1, max_value=600, required=False, label="How long, in minutes (optional)")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label="Outcome")
    on = DateField(label="Date checked")
    achieved = forms.TypedChoiceField(choices=[("yes", "Yes"), ("no", "No")], coerce=lambda v: v == "yes",
                                      widget=forms.RadioSelect, label="Reached?")

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o["code"], o["label"]) for o in programme.outcomes]


class ReferralForm(forms.Form):
    asset = forms.ModelChoiceField(queryset=None, label="Community asset",
                                   help_text="Published assets in the directory, in the programme's areas.")
    on = DateField(label="Date referred")
    connected = forms.ChoiceField(choices=Referral.Connected.choices, initial=Referral.Connected.NOT_YET,
                                  widget=forms.RadioSelect, label="Did they connect?")

    def __init__(self, *args, assets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = assets


class ConnectedForm(forms.Form):
    connected = forms.ChoiceField(choices=Referral.Connected.choices, widget=forms.RadioSelect,
                                  label="Did they connect?")


def item_field(item):
    return f"item_{item.id}"


class ScoreForm(forms.Form):
    """One questionnaire: each item's answer as radios, none required (the measure's own rule decides whether a
    part-answered questionnaire is scored, and the record says so)."""

    taken_on = DateField(label="Date taken")
    timepoint = forms.ChoiceField(choices=Timepoint.choices, widget=forms.RadioSelect, label="When in the programme")

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measures()[measure]
        for number, item in enumerate(self.measure.items, 1):
            label = item.wording or f"Item {number}: {item.theme}"
            self.fields[item_field(item)] = forms.CharField(
                required=False, label=label, widget=forms.RadioSelect(choices=self.measure.options,
                                                                      attrs={"class": "govuk-radios--inline"}))

    def items(self):
        return [self[item_field(item)] for item in self.measure.items]

    def answers(self):
        return {item.id: self.cleaned_data[item_field(item)] for item in self.measure.items
                if self.cleaned_data.get(item_field(item)) not in (None, "")}


class ParticipantFilterForm(forms.Form):
    """The participants list's filters (a GET form: nothing is saved)."""

    reference = forms.CharField(max_length=20, required=False, label="Reference contains")
    age_band = forms.ChoiceField(choices=[("", "Any")] + [c for c in AgeBand.choices if c[0]], required=False,
                                 label="Age band")
    sex = forms.ChoiceField(choices=[("", "Any")] + [c for c in Sex.choices if c[0]], required=False, label="Sex")
    status = forms.ChoiceField(choices=[("", "Any"), ("current", "Still on the programme"), ("left", "Left")],
                               required=False, label="On the programme")
