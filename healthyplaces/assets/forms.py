from django import forms

from healthyplaces.forms import DateField
from healthyplaces.uploads.handlers import refuse_too_large

from . import checking
from .models import Asset, Category

def _longest(name):
    """The most characters the asset's field holds: one limit for the page, an import row and the database."""
    return Asset._meta.get_field(name).max_length


RADII = [("1", "1 km"), ("2", "2 km"), ("5", "5 km"), ("10", "10 km"), ("25", "25 km")]


class DirectoryForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search words")
    category = forms.ChoiceField(required=False, choices=[("", "Any category")] + Category.choices)
    theme = forms.ChoiceField(required=False, choices=[])
    community = forms.CharField(required=False, max_length=100, label="Community (of place, interest or identity)")
    area = forms.CharField(required=False, max_length=120, label="In an area",
                           help_text="A local authority, neighbourhood or LSOA, by name or code")
    near = forms.CharField(required=False, max_length=120, label="Near",
                           help_text="An LSOA, neighbourhood or local authority, or 'latitude, longitude'")
    radius = forms.ChoiceField(required=False, choices=RADII, initial="5", label="Within")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any theme")] + checking.theme_choices()


class AssetForm(forms.Form):
    name = forms.CharField(max_length=_longest("name"))
    category = forms.ChoiceField(choices=Category.choices)
    description = forms.CharField(required=False, widget=forms.Textarea)
    themes = forms.MultipleChoiceField(required=False, choices=[], widget=forms.CheckboxSelectMultiple,
                                       label="Themes (determinants of health)")
    communities_of_place = forms.CharField(required=False, max_length=_longest("communities_of_place"),
                                           label="Communities of place")
    communities_of_interest = forms.CharField(required=False, max_length=_longest("communities_of_interest"),
                                              label="Communities of interest or identity")
    minimum_age = forms.CharField(required=False, max_length=3, label="Minimum age")
    maximum_age = forms.CharField(required=False, max_length=3, label="Maximum age")
    eligibility = forms.CharField(required=False, widget=forms.Textarea)
    address = forms.CharField(required=False, max_length=_longest("address"))
    postcode = forms.CharField(required=False, max_length=10)
    latitude = forms.CharField(required=False, max_length=20)
    longitude = forms.CharField(required=False, max_length=20)
    opening_times = forms.CharField(required=False, widget=forms.Textarea, label="Opening times")
    accessibility = forms.CharField(required=False, widget=forms.Textarea)
    cost = forms.CharField(required=False, max_length=_longest("cost"))
    provider = forms.CharField(required=False, max_length=_longest("provider"), label="Organisation that provides it")
    contact_name = forms.CharField(required=False, max_length=_longest("contact_name"), label="Contact name")
    email = forms.CharField(required=False, max_length=_longest("email"))
    phone = forms.CharField(required=False, max_length=_longest("phone"))
    website = forms.CharField(required=False, max_length=_longest("website"))
    listing_consent = forms.BooleanField(
        required=False, label="For a person: they agree to be listed publicly, with their neighbourhood but not their address")
    contact_consent = forms.BooleanField(
        required=False, label="For a person: they agree to their contact details and address being published")
    last_checked = DateField(required=False, label="Last checked", help_text="For example, 27 3 2026")
    published = forms.BooleanField(required=False, label="Publish: show this asset to everyone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = checking.theme_choices()

    def clean(self):
        """The same check as an import row's (checking.check_asset), each error on its field."""
        data = super().clean()
        checked = checking.check_asset(data)
        for name, reason in checked.errors:
            if name not in self.errors:  # a field the form refused already (too long) says so once
                self.add_error(name if name in self.fields else None, reason[0].upper() + reason[1:])
        self.checked = checked
        return data


class ImportForm(forms.Form):
    file = forms.FileField(validators=[refuse_too_large], label="File",
                           widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,.json,.zip"}),
                           help_text="CSV (UTF-8), Excel (.xlsx), Open Referral UK or HSDS 3.0 JSON, or an HSDS 3.0 data "
                                     "package (.zip of its CSV files); at most 10 MB")
    partner = forms.ModelChoiceField(queryset=None, required=False, label="Partner the assets come from",
                                     empty_label="Your own organisation",
                                     help_text="Officers may import for any partner")

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
