from django import forms

from healthyplaces.uploads.handlers import refuse_too_large

from .models import DEFAULT_EDITION, DOMAINS, Edition

SORT_CHOICES = [("rank", "National rank"), ("name", "LSOA name"), ("code", "LSOA code")]


class AreaFilterForm(forms.Form):
    edition = forms.ChoiceField(choices=Edition.choices, initial=DEFAULT_EDITION, required=False)
    domain = forms.ChoiceField(choices=[(k, d.label) for k, d in DOMAINS.items()], initial="imd", required=False)
    deciles = forms.MultipleChoiceField(choices=[(str(d), str(d)) for d in range(1, 11)], required=False,
                                        widget=forms.CheckboxSelectMultiple)
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False)
    order = forms.ChoiceField(choices=[("asc", "Ascending"), ("desc", "Descending")], required=False)

    def clean(self):
        data = super().clean()
        data["edition"] = data.get("edition") or DEFAULT_EDITION
        data["domain"] = data.get("domain") or "imd"
        data["sort"] = data.get("sort") or "rank"
        data["order"] = data.get("order") or "asc"
        return data


class LsoaCodesField(forms.Field):
    """Ticked LSOA codes; the service checks that each exists."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        return [v.strip().upper() for v in (value or []) if v and v.strip()]


class NeighbourhoodForm(forms.Form):
    name = forms.CharField(max_length=120)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    published = forms.BooleanField(required=False, label="Publish: let everyone see this neighbourhood")
    lsoas = LsoaCodesField(required=False, label="LSOAs")
    pasted = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=20000,
                             label="Or paste LSOA codes", help_text="Separated by commas, spaces or new lines")

    def clean(self):
        data = super().clean()
        codes = list(data.get("lsoas") or [])
        codes += [c for c in (data.get("pasted") or "").replace(",", " ").upper().split() if c]
        data["lsoas"] = list(dict.fromkeys(codes))
        if not data["lsoas"]:
            self.add_error("lsoas", "Choose at least one LSOA, on the list, on the map or by pasting codes.")
        return data


class NeighbourhoodUploadForm(forms.Form):
    name = forms.CharField(max_length=120)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    published = forms.BooleanField(required=False, label="Publish: let everyone see this neighbourhood")
    file = forms.FileField(validators=[refuse_too_large], label="CSV file",
                           widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}), help_text="A header row with a column lsoa_code, then one LSOA 2011 code a row")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 2 MB; a neighbourhood CSV is a few kilobytes.")
        return upload
