"""The form for a commitment against a framework's principle."""
from django import forms

from healthyplaces.forms import DateField

from .models import Commitment


class CommitmentForm(forms.ModelForm):
    """A new commitment chooses its organisation (when the person records for more than one) and its principle
    among the framework's; a change keeps its organisation."""

    made_on = DateField(label="Date of the commitment", help_text="For example, 2 12 2026")

    class Meta:
        model = Commitment
        fields = ["organisation", "principle", "kind", "person", "text", "progress", "progress_note", "made_on"]
        widgets = {"kind": forms.RadioSelect, "progress": forms.RadioSelect, "principle": forms.RadioSelect}
        labels = {"principle": "The principle it puts into practice", "organisation": "Organisation"}

    def __init__(self, *args, strategy, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principle"].queryset = strategy.principles.all()
        self.fields["principle"].empty_label = None
        if self.instance.pk:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].empty_label = None
            if len(organisations) == 1:
                self.fields["organisation"].widget = forms.HiddenInput()
                self.fields["organisation"].initial = organisations[0].pk
