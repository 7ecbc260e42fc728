"""The actions pages' forms: the list's filters, an action, and a progress update."""
from django import forms

from healthyplaces.accounts.models import Organisation

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
