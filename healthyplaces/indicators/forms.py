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
    authority = forms.CharField(max_length=200, required=False,
                                label="For deaths by LSOA (optional): the local authority they cover",
                                help_text="A code or name, e.g. E06000004 or Stockton-on-Tees: every LSOA in the file "
                                          "must lie in it")

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


class CompositeIndexForm(forms.Form):
    """A composite index: its name, where it ranks LSOAs, and for each indicator held whether it goes in, how it
    is standardised, which way it counts and its weight. One set of fields per indicator, so nothing needs script."""

    name = forms.CharField(max_length=200, label="Name of the index", help_text="For example, Social isolation index")
    within = forms.CharField(max_length=200, required=False, label="Rank the LSOAs of (optional)",
                             help_text="A local authority, neighbourhood or other area, by name or code; blank: every "
                                       "LSOA held for all the indicators chosen")

    def __init__(self, *args, indicators=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import CompositeComponent

        self.indicators, self.user = list(indicators), user
        for indicator in self.indicators:
            held = "" if getattr(indicator, "lsoa_period", "") else " (no LSOA values held)"
            self.fields[f"use_{indicator.pk}"] = forms.BooleanField(required=False, label=f"Use {indicator.name}{held}")
            self.fields[f"method_{indicator.pk}"] = forms.ChoiceField(
                choices=CompositeComponent.Method.choices, initial="z", required=False, label=f"Standardise {indicator.name} by")
            self.fields[f"direction_{indicator.pk}"] = forms.TypedChoiceField(
                choices=CompositeComponent.Direction.choices, coerce=int, initial=1, required=False, empty_value=None,
                label=f"Direction of {indicator.name}")
            self.fields[f"weight_{indicator.pk}"] = forms.DecimalField(initial=1, required=False, max_digits=8,
                                                                       decimal_places=3, label=f"Weight of {indicator.name}")

    def clean_within(self):
        """The area named, or None for every LSOA held."""
        from healthyplaces.places.services import AreaNotFound, find_area

        text = self.cleaned_data["within"].strip()
        try:
            return find_area(text, self.user) if text else None
        except AreaNotFound as error:
            raise forms.ValidationError(str(error))

    def rows(self):
        """Each indicator with its four bound fields, for the page to lay out."""
        return [{"indicator": i, "use": self[f"use_{i.pk}"], "method": self[f"method_{i.pk}"],
                 "direction": self[f"direction_{i.pk}"], "weight": self[f"weight_{i.pk}"]} for i in self.indicators]

    def components(self):
        from .composite import Component

        data = self.cleaned_data
        return [Component(i, data[f"method_{i.pk}"], data[f"direction_{i.pk}"], float(data[f"weight_{i.pk}"]))
                for i in self.indicators if data.get(f"use_{i.pk}")]

    def clean(self):
        data = super().clean()
        for i in self.indicators:
            if not data.get(f"use_{i.pk}"):
                continue  # an indicator left out needs nothing else
            for what, word in (("method", "how to standardise it"), ("direction", "its direction")):
                if not data.get(f"{what}_{i.pk}") and f"{what}_{i.pk}" not in self.errors:
                    self.add_error(f"{what}_{i.pk}", f"{i.name}: choose {word}.")
            weight = data.get(f"weight_{i.pk}")
            if weight is None and f"weight_{i.pk}" not in self.errors:
                self.add_error(f"weight_{i.pk}", f"{i.name}: give a weight, such as 1.")
            elif weight is not None and not weight > 0:
                self.add_error(f"weight_{i.pk}", f"{i.name}: the weight must be more than 0.")
        if not any(data.get(f"use_{i.pk}") for i in self.indicators):
            self.add_error(None, "Choose at least one indicator for the index.")
        return data
