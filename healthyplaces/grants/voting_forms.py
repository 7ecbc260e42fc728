"""The forms of a participatory vote (the resident's postcode and ballot, a paper ballot, its check) and of awards.
They only collect what people enter: grants.voting and grants.awards decide what is refused."""
from django import forms

from healthyplaces.forms import DateField

from . import voting


def _label(application, lot=False):
    where = f"{application.call_out.lot.name}: " if lot else ""
    return f"{where}{application.title} ({application.applicant_name}), £{application.amount:,.0f}"


class PostcodeForm(forms.Form):
    postcode = forms.CharField(label="Your postcode", max_length=20, required=False,
                               help_text="Where you live: only people living in the area vote.",
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}))


class BallotForm(forms.Form):
    """A resident's ballot: who they are (kept only as a keyed hash) and the projects they approve."""

    name = forms.CharField(label="Your full name", max_length=150, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}))
    date_of_birth = DateField(label="Your date of birth", required=False, help_text="For example, 27 3 1980")
    postcode = forms.CharField(label="Your postcode", max_length=20, required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}))
    choices = forms.MultipleChoiceField(label="The projects you support", required=False,
                                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, round_, lot, *args, paper=False, **kwargs):
        super().__init__(*args, **kwargs)
        applications = voting.shortlist(round_, lot) if lot else _all_shortlisted(round_)
        self.fields["choices"].choices = [(a.pk, _label(a, lot=lot is None)) for a in applications.select_related("call_out__lot")]
        hint = ["Tick every project you support."]
        if round_.approval_limit:
            hint = [f"Tick up to {round_.approval_limit} projects."]
        if round_.counting_rule == round_.Rule.GREEDY and lot is not None:
            hint.append(f"Together they must cost no more than £{voting.vote_budget(round_, lot):,.0f}.")
        self.fields["choices"].help_text = " ".join(hint)
        self.fields["name"].help_text = ("We keep only a code made from your name, date of birth and postcode, to "
                                         "make sure each person votes once. We do not keep the details themselves.")
        if paper:
            self.fields["name"].label, self.fields["name"].help_text = "The voter's full name", "As written on the paper."
            self.fields["date_of_birth"].label = "The voter's date of birth"
            self.fields["postcode"].label = "The voter's postcode"
            self.fields["choices"].label = "The projects ticked on the paper"
            self.fields["paper_number"] = forms.CharField(label="Ballot paper number", max_length=30, required=False,
                                                          help_text="The number printed on the paper, if it has one.")


def _all_shortlisted(round_):
    from .models import Application

    return Application.objects.filter(call_out__round=round_, shortlisted=True,
                                      status=Application.Status.SUBMITTED).order_by("call_out__lot__name", "id")


class CheckForm(forms.Form):
    correct = forms.TypedChoiceField(
        label="Does the entry match the paper ballot?", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", "Yes: every detail and tick matches, so it counts"),
                 ("no", "No: remove the entry so it can be entered again")],
        error_messages={"required": "Say whether the entry matches the paper ballot."})


class AwardsForm(forms.Form):
    award_date = DateField(label="Date of the awards", required=False)
    planned_start = DateField(label="Projects start (planned)", required=False)
    planned_end = DateField(label="Projects end (planned)", required=False)
