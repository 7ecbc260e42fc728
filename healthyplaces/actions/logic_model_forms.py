"""The form for a logic model: its strategy, the area its outcomes are followed in, its five columns."""
from django import forms
from django.core.exceptions import ValidationError

from healthyplaces.places.services import AreaNotFound, find_area

from .logic_models import indicators_from_codes
from .models import Action, LogicModel

AREA_FIELDS = ("local_authority", "neighbourhood")


class LogicModelForm(forms.ModelForm):
    area = forms.CharField(max_length=200, label="Area its outcomes are followed in",
                           help_text="A local authority code or name, or a neighbourhood")
    activities = forms.ModelMultipleChoiceField(queryset=Action.objects.none(), required=False,
                                                widget=forms.CheckboxSelectMultiple, label="Activities: the actions")
    outcome_codes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                                    label="Outcomes: indicator codes",
                                    help_text="One a line, e.g. 93088 (the codes on the indicators' pages)")

    class Meta:
        model = LogicModel
        fields = ["name", "strategy", "inputs", "outputs", "impact"]
        labels = {"strategy": "Strategy", "inputs": "Inputs", "outputs": "Outputs", "impact": "Impact"}

    def __init__(self, *args, actions, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["strategy"].required = True
        self.fields["activities"].queryset = actions
        if self.instance.pk:
            self.fields["area"].initial = (self.instance.neighbourhood.name if self.instance.neighbourhood_id
                                           else self.instance.local_authority_id)
            self.fields["activities"].initial = list(self.instance.activities.values_list("pk", flat=True))
            self.fields["outcome_codes"].initial = "\n".join(self.instance.outcomes.values_list("code", flat=True))

    def add_error(self, field, error):
        """The model's rules (LogicModel.clean) on the area's two fields are shown on the form's one area field,
        and a field refused already by the form is not told twice."""
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            error = {name: messages for key, messages in error.error_dict.items()
                     if (name := "area" if key in AREA_FIELDS else key) not in self._errors}
            if not error:
                return
        super().add_error(field, error)

    def clean_area(self):
        try:
            area = find_area(self.cleaned_data["area"], self.user)
        except AreaNotFound as error:
            raise ValidationError(str(error)) from None
        if area.kind not in ("local_authority", "neighbourhood"):
            raise ValidationError("Give a local authority or a neighbourhood.")
        self.instance.local_authority = area.obj if area.kind == "local_authority" else None
        self.instance.neighbourhood = area.obj if area.kind == "neighbourhood" else None
        return area

    def clean_outcome_codes(self):
        try:
            return indicators_from_codes(self.cleaned_data["outcome_codes"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["outcomes"]) from None
