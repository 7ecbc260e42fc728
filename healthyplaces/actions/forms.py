"""The actions pages' forms: the list's filters, an action, and a progress update."""
from django import forms

from healthyplaces.accounts.models import Organisation
from healthyplaces.forms import DateField

from .models import Action, FocusArea


class ActionFilterForm(forms.Form):
    """The list's filters, sent as a GET form so they work without JavaScript and a filtered list can be shared."""

    status = forms.MultipleChoiceField(choices=Action.Status.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    focus_area = forms.ModelChoiceField(queryset=FocusArea.objects.select_related("strategy"), required=False,
                                        empty_label="Any", label="Focus area")
    owner = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False, empty_label="Any",
                                   label="Owner")
    place = forms.CharField(max_length=200, required=False, label="Place",
                            help_text="A local authority code or name, or a neighbourhood")
    report_year = forms.TypedChoiceField(choices=(), coerce=int, empty_value=None, required=False,
                                         label="Report year")
    overdue = forms.BooleanField(required=False, label="Only overdue actions")

    def __init__(self, *args, owners=None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"].queryset = owners
        self.fields["report_year"].choices = [("", "Any"), *((year, str(year)) for year in years)]


class CodesField(forms.CharField):
    """Codes separated by commas, spaces or new lines; the view checks each exists."""

    def to_python(self, value):
        return [c for c in (value or "").replace(",", " ").upper().split() if c]


def _model_text(name, rows, **kwargs):
    return Action._meta.get_field(name).formfield(widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class StrategyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.strategy}: {obj.name}"


class PrinciplesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.strategy})"


class ActionForm(forms.Form):
    """Every field of an action. The model's rules (`Action.clean`) are checked by services.save_action, and the
    view puts each of its messages on its field."""

    title = forms.CharField(max_length=300, error_messages={"required": "Give the action a title."})
    description = _model_text("description", 4)
    source = forms.ChoiceField(choices=Action.Source.choices, label="Where it came from", widget=forms.RadioSelect,
                               initial=Action.Source.OTHER)
    report = forms.CharField(max_length=200, required=False, label="Report (optional)",
                             help_text="For example, Director of Public Health Report 2023/4")
    report_year = forms.IntegerField(min_value=1990, max_value=2100, required=False, label="Report year (optional)",
                                     help_text="The year the report was published: 2024 for 2023/4")
    number = forms.IntegerField(min_value=1, max_value=999, required=False, label="Its number in the report (optional)")
    source_decision = forms.CharField(max_length=300, required=False, label="Board decision (optional)",
                                      help_text="For example, the minute's number and date")
    owner = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Owner",
                                   help_text="The organisation that owns the action",
                                   error_messages={"required": "Choose the organisation that owns this action."})
    lead = forms.CharField(max_length=150, required=False, label="Named lead (optional)", help_text="A person or a post")
    partners = forms.ModelMultipleChoiceField(queryset=Organisation.objects.all(), required=False,
                                              widget=forms.CheckboxSelectMultiple, label="Partners (optional)")
    focus_area = StrategyChoiceField(queryset=FocusArea.objects.select_related("strategy"), required=False,
                                     empty_label="None", label="Health and Wellbeing Strategy focus area")
    principles = PrinciplesField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
                                 label="Principles it puts into practice (optional)")
    segment = forms.ChoiceField(choices=[("", "Not said"), *Action.Segment.choices], required=False,
                                widget=forms.RadioSelect, label="Population intervention triangle segment")
    local_authorities = CodesField(required=False, label="Local authorities (optional)",
                                   help_text="Codes, for example E06000004, separated by spaces")
    neighbourhoods = forms.ModelMultipleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
                                                    label="Neighbourhoods (optional)")
    lsoas = CodesField(required=False, label="LSOAs (optional)", help_text="LSOA 2011 codes, separated by spaces",
                       widget=forms.Textarea(attrs={"rows": 2}))
    communities = forms.ModelMultipleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
                                                 label="Communities (optional)")
    status = forms.ChoiceField(choices=Action.Status.choices, widget=forms.RadioSelect, initial=Action.Status.NOT_STARTED)
    dropped_reason = _model_text("dropped_reason", 2, label="Why it was dropped",
                                 help_text="Needed when the status is Dropped")
    start_date = DateField(required=False, label="Start date (optional)", help_text="For example, 1 4 2026")
    due_date = DateField(required=False, label="Due date (optional)", help_text="For example, 31 3 2027")

    def __init__(self, *args, owners, neighbourhoods, **kwargs):
        from healthyplaces.insights.models import Community

        from .models import Principle

        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["neighbourhoods"].queryset = neighbourhoods
        self.fields["principles"].queryset = Principle.objects.select_related("strategy")
        self.fields["communities"].queryset = Community.objects.all()


class ProgressForm(forms.Form):
    """A progress update ("We did"): what was done, when, the status it leaves the action in, and evidence."""

    text = _model_text("description", 4, label="What was done", required=True,
                       error_messages={"required": "Say what was done."})
    on = DateField(label="When", help_text="For example, 20 11 2026")
    status = forms.ChoiceField(choices=[("", "No change"), *Action.Status.choices], required=False,
                               widget=forms.RadioSelect, label="New status")
    dropped_reason = _model_text("dropped_reason", 2, label="Why it was dropped",
                                 help_text="Needed when the new status is Dropped")
    evidence = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Evidence (optional)",
                               help_text="One link a line: the address, then a space and its title if you like")

    def clean_evidence(self):
        """[(url, title)] from one link a line; a line that is not a web address is named."""
        links, check = [], forms.URLField(max_length=500, assume_scheme="https")
        for number, line in enumerate((self.cleaned_data.get("evidence") or "").splitlines(), start=1):
            if not line.strip():
                continue
            url, _, title = line.strip().partition(" ")
            try:
                links.append((check.clean(url), title.strip()[:200]))
            except forms.ValidationError:
                raise forms.ValidationError(f"Line {number} is not a web address: start it with https://") from None
        return links
