from django import forms

from healthyplaces.uploads.handlers import refuse_too_large

from .models import Polarity

KINDS = [
    ("fingertips", "A Fingertips export: indicator values with their confidence intervals"),
    ("counts", "Counts: numerators and denominators by area, age band, sex and period (the platform computes the values)"),
    ("mortality", "Deaths and populations by 5-year age band, for life expectancy"),
]
METHODS = [("proportion", "Percentage (Wilson score interval)"), ("rate", "Crude rate per 100,000 (Byar's)"),
           ("dsr", "Directly standardised rate per 100,000 (2013 European Standard Population, Dobson)")]
GROUP_KINDS = [("decile", "Deprivation deciles (group 1 = most deprived to 10)"), ("area", "Areas (group = area code)")]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(choices=KINDS, initial="fingertips", widget=forms.RadioSelect, label="What the file holds")
    file = forms.FileField(validators=[refuse_too_large], label="CSV file",
                           widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}), help_text="UTF-8 CSV, up to 20 MB")
    polarity = forms.ChoiceField(choices=[("", "As the file's own England comparison shows (else as held, or no judgement)")]
                                 + Polarity.choices, initial="", required=False,
                                 label="For indicator files: is a higher value better or worse?")
    method = forms.ChoiceField(choices=METHODS, initial="proportion", required=False,
                               label="For counts: how to compute the value")
    dataset_name = forms.CharField(max_length=200, required=False, label="For deaths and populations: a name for the data set")
    group_kind = forms.ChoiceField(choices=GROUP_KINDS, initial="decile", required=False,
                                   label="For deaths and populations: what the group column holds")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 20 MB; split it by indicator or area type.")
        return upload

    def clean(self):
        data = super().clean()
        if data.get("kind") == "mortality" and not (data.get("dataset_name") or "").strip():
            self.add_error("dataset_name", "Give the data set a name, e.g. 'Stockton deaths by ward 2019-2021'.")
        return data
