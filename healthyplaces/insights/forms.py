from django import forms

from healthyplaces.forms import DateField
from healthyplaces.places.models import Neighbourhood
from healthyplaces.uploads.handlers import refuse_too_large

from .columns import ROLES, Mapping
from .models import Community, Conversation, Insight, Theme


def _text(model, name, rows, **kwargs):
    """The model's text field as a form field: its maximum length (and whether it may be empty) from the model."""
    return model._meta.get_field(name).formfield(widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class CodesField(forms.CharField):
    """LSOA codes separated by commas, spaces or new lines; the service checks each exists."""

    def to_python(self, value):
        return [c for c in (value or "").replace(",", " ").upper().split() if c]


def _communities():
    return forms.ModelMultipleChoiceField(queryset=Community.objects.all(), required=False,
                                          widget=forms.CheckboxSelectMultiple, to_field_name="slug")


def _neighbourhood():
    return forms.ModelChoiceField(queryset=Neighbourhood.objects.all(), required=False, to_field_name="slug",
                                  empty_label="None", label="Neighbourhood")


class ConversationForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Conversation.Kind.choices, label="What it was", widget=forms.RadioSelect)
    held_on = DateField(label="When it was held", help_text="For example, 20 11 2026")
    neighbourhood = _neighbourhood()
    lsoas = CodesField(required=False, label="LSOAs", help_text="LSOA 2011 codes, separated by spaces or commas",
                       widget=forms.Textarea(attrs={"rows": 2}))
    run_by = forms.CharField(max_length=200, required=False, label="Who ran it")
    participants = forms.IntegerField(min_value=0, max_value=100000, required=False, label="How many took part")
    communities = _communities()
    description = _text(Conversation, "description", 3)

    def __init__(self, *args, venues=None, **kwargs):
        super().__init__(*args, **kwargs)
        if venues is not None:
            self.fields["venue"] = forms.ModelChoiceField(queryset=venues, required=False, empty_label="None",
                                                          label="Venue (a community asset)")

    def clean(self):
        data = super().clean()
        if not data.get("neighbourhood") and not data.get("lsoas") and not data.get("venue"):
            self.add_error("lsoas", "Say where it was: give LSOAs, choose a neighbourhood or a venue.")
        return data


class InsightForm(forms.Form):
    summary = _text(Insight, "summary", 3, label="What was said", help_text="A summary in your words")
    quote = _text(Insight, "quote", 2, label="Quote (optional)", help_text="The speaker's own words")
    quote_consent = forms.BooleanField(required=False, label="The speaker agreed to the quote being shared")
    kind = forms.ChoiceField(choices=Insight.Kind.choices, widget=forms.RadioSelect, label="It names")
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, label="Themes",
        help_text="What it is about, as the determinants of health: choose every one that fits, so people find it by theme")
    tags = forms.CharField(required=False, max_length=500, label="Local tags", help_text="Separated by commas")
    neighbourhood = _neighbourhood()
    lsoas = CodesField(required=False, label="LSOAs", widget=forms.Textarea(attrs={"rows": 2}),
                       help_text="Filled in from the conversation; change them if this insight is about somewhere else")
    communities = _communities()


class RedactionForm(forms.Form):
    summary_redacted = _text(Insight, "summary_redacted", 4, required=True,
                             label="Summary as shared beyond the organisation")
    quote_redacted = _text(Insight, "quote_redacted", 3, label="Quote as shared beyond the organisation",
                           help_text="Shown only if the speaker agreed to the quote being shared")
    tags = forms.CharField(required=False, max_length=500, label="Local tags",
                           help_text="Separated by commas. Everyone who may read the insight sees them: "
                                     "remove any that could identify someone")


class ConversationRedactionForm(forms.Form):
    title_redacted = forms.CharField(max_length=200, label="Title as shared beyond the organisation")
    description_redacted = _text(Conversation, "description_redacted", 3,
                                 label="Description as shared beyond the organisation")


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search")
    area = forms.CharField(required=False, max_length=120, label="Area",
                           help_text="A local authority, neighbourhood, ward or LSOA")
    theme = forms.ModelMultipleChoiceField(queryset=Theme.objects.all(), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    community = _communities()
    kind = forms.MultipleChoiceField(choices=Insight.Kind.choices, required=False, widget=forms.CheckboxSelectMultiple)
    date_from = DateField(required=False, label="From")
    date_to = DateField(required=False, label="To")


class ImportForm(forms.Form):
    conversation = forms.ModelChoiceField(queryset=Conversation.objects.none(),
                                          help_text="Each row becomes an insight of this conversation")
    file = forms.FileField(validators=[refuse_too_large], label="CSV or Excel file",
                           widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}), help_text="A header row, then one insight a row")

    def __init__(self, *args, conversations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if conversations is not None:
            self.fields["conversation"].queryset = conversations

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 5 MB.")
        return upload


class CommunityForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"name": {"unique": "A community with that name already exists."}}


class ColumnsForm(forms.Form):
    """What each column of an uploaded survey export holds (columns.py): one choice a column, the kind of every
    answer when no column holds it, and a name to save the choices under for the next file."""

    kind = forms.ChoiceField(required=False, label="Kind of every answer",
                             choices=[("", "Each row's kind column"), *Insight.Kind.choices],
                             help_text="Survey exports seldom say; choose one, or the column that holds it")
    save_as = forms.CharField(required=False, max_length=100, label="Save these choices as (optional)",
                              help_text="A name, so anyone in the organisation can use them for its next file")

    def __init__(self, *args, header, samples, **kwargs):
        super().__init__(*args, **kwargs)
        columns = {}
        for number, (name, sample) in enumerate(zip(header, samples)):
            columns[f"column_{number}"] = forms.ChoiceField(
                choices=ROLES, label=name or f"Column {number + 1} (no name)",
                help_text=("For example: " + "; ".join(sample)) if sample else "Empty in the first rows")
        self.fields = {**columns, **self.fields}
        self.header = header

    def mapping(self):
        return Mapping(roles=[self.cleaned_data[f"column_{n}"] for n in range(len(self.header))],
                       kind=self.cleaned_data["kind"])

    def clean(self):
        data = super().clean()
        if all(f"column_{n}" in data for n in range(len(self.header))):
            for problem in self.mapping().check():
                self.add_error("kind" if "kind" in problem else None, problem)
        return data


class SavedColumnsForm(forms.Form):
    """Choices saved before, to use for this file."""

    saved = forms.ModelChoiceField(queryset=None, label="Use choices saved before", empty_label=None)

    def __init__(self, *args, mappings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["saved"].queryset = mappings
