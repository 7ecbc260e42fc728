"""Forms drawn as GOV.UK Design System components, through Django's own form rendering API.

`FORM_RENDERER` is `GovukRenderer`: `{{ form }}` and `{{ form.FIELD.as_field_group }}` give each field its
form group, label or legend, hint, error message and the component its widget stands for (an input, a
textarea with a character count when the field has a maximum length, a select, radios, checkboxes, a file
upload, or the three-box date input of `DateField`). The templates are in `templates/govuk/`.
"""
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

DATE_PARTS = ("day", "month", "year")


class DateInput(forms.MultiWidget):
    """GOV.UK's date input: day, month and year in three boxes, named NAME_day, NAME_month and NAME_year.

    A single value under NAME itself (an ISO date in an import row or an old link) is taken as it is.
    """

    template_name = "govuk/widgets/date_input.html"

    def __init__(self, attrs=None):
        super().__init__({part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in DATE_PARTS}, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                return [None, None, None]
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        if name in data:
            return data.get(name)
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        wrong = attrs.pop("wrong_parts", ())
        context = super().get_context(name, value, attrs)
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"]):
            subwidget["label"] = part.capitalize()
            if attrs.get("id"):
                subwidget["attrs"]["id"] = f"{attrs['id']}_{part}"
            width = 4 if part == "year" else 2
            subwidget["attrs"]["class"] = " ".join(
                ["govuk-input", "govuk-date-input__input", f"govuk-input--width-{width}"]
                + (["govuk-input--error"] if part in wrong else []))
        return context


class DateField(forms.DateField):
    """A date entered in GOV.UK's three boxes, with an error that says which box is wrong."""

    widget = DateInput

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            value = date_from_parts(value)
        return super().to_python(value)


def date_from_parts(parts):
    """The date in [day, month, year] as entered, None when all three are empty; else a clear error naming the part."""
    day, month, year = (str(part if part is not None else "").strip() for part in parts)
    if not (day or month or year):
        return None
    missing = [name for name, part in zip(DATE_PARTS, (day, month, year)) if not part]
    if missing:
        raise ValidationError("The date must include a %(missing)s", code="incomplete",
                              params={"missing": " and ".join(missing), "parts": missing})
    not_numbers = [name for name, part in zip(DATE_PARTS, (day, month, year)) if not part.isdigit()]
    if not_numbers:
        raise ValidationError("The date must be a real date, in numbers: for example, 27 3 2026", code="invalid",
                              params={"parts": not_numbers})
    if len(year) != 4:
        raise ValidationError("The year must have 4 numbers", code="invalid", params={"parts": ["year"]})
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValidationError("The date must be a real date", code="invalid", params={"parts": list(DATE_PARTS)})


# Each component's classes on its control (radios and checkboxes put theirs on each option, in their templates).
CLASSES = {"input": "govuk-input", "textarea": "govuk-textarea", "character_count": "govuk-textarea govuk-js-character-count",
           "select": "govuk-select", "file_upload": "govuk-file-upload", "checkbox": "govuk-checkboxes__input"}
ERROR_CLASSES = {"input": "govuk-input--error", "textarea": "govuk-textarea--error", "character_count": "govuk-textarea--error",
                 "select": "govuk-select--error", "file_upload": "govuk-file-upload--error"}


class GovukBoundField(BoundField):
    """A field as a GOV.UK component: which one, its classes, and the ids its hint and error carry."""

    @property
    def component(self):
        widget = self.field.widget
        if isinstance(widget, DateInput):
            return "date_input"
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "checkboxes"
        if isinstance(widget, forms.RadioSelect):
            return "radios"
        if isinstance(widget, forms.Select):
            return "select"
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        if isinstance(widget, forms.FileInput):
            return "file_upload"
        if isinstance(widget, forms.Textarea):
            return "character_count" if self.max_length else "textarea"
        return "input"

    @property
    def component_template(self):
        simple = self.component in ("textarea", "select", "file_upload")
        return "govuk/input.html" if simple else f"govuk/{self.component}.html"

    @property
    def max_length(self):
        return getattr(self.field, "max_length", None)

    @property
    def hint_id(self):
        return f"{self.auto_id}_helptext"

    @property
    def error_id(self):
        return f"{self.auto_id}_error"

    @property
    def count_id(self):
        return f"{self.auto_id}_info"

    @property
    def aria_describedby(self):
        ids = [self.count_id] if self.component == "character_count" else []
        if self.help_text:
            ids.append(self.hint_id)
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids) if self.auto_id else ""

    @property
    def wrong_parts(self):
        """The date's boxes to mark: those an error names, or all three."""
        if not self.errors:
            return []
        named = [part for error in self.errors.as_data() for part in (error.params or {}).get("parts", [])]
        return named or list(DATE_PARTS)

    @property
    def anchor(self):
        """The id the error summary links to: the first box, radio or checkbox of the field."""
        if self.component == "date_input":
            return f"{self.auto_id}_{(self.wrong_parts or DATE_PARTS)[0]}"
        if self.component in ("radios", "checkboxes"):
            return f"{self.auto_id}_0"
        return self.auto_id

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget, component = widget or self.field.widget, self.component
        if widget.is_hidden:
            return attrs
        if component == "date_input":
            attrs["wrong_parts"] = self.wrong_parts
            return attrs
        classes = [widget.attrs.get("class"), CLASSES.get(component)]
        if component == "input":
            classes.append(self._input_width())
        if self.errors:
            classes.append(ERROR_CLASSES.get(component))
        attrs["class"] = " ".join(filter(None, classes))
        if component == "character_count":
            attrs["maxlength"] = False  # the count says what is over, rather than the browser cutting text off
        return attrs

    def _input_width(self):
        """A box as wide as its longest entry, as GOV.UK asks: numbers and short codes get a fixed width."""
        if isinstance(self.field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
            return "govuk-input--width-5"
        for limit in (4, 10, 20):
            if self.max_length and self.max_length <= limit:
                return f"govuk-input--width-{limit}"
        return None


class GovukRenderer(TemplatesSetting):
    """Every form on the site renders its fields as GOV.UK components (settings.FORM_RENDERER)."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"
    bound_field_class = GovukBoundField
