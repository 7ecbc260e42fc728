"""Fields render as GOV.UK Design System components through Django's form renderer (issue 11, "One import
framework": "a GOV.UK form renderer so fields render as the Design System's components (dates as its
three-field date input)").

Each test renders a form with the site's FORM_RENDERER and reads the markup back: the component's classes
(as in node_modules/govuk-frontend 6.6), the error on the field, and aria-describedby naming the hint and
the error that are on the page.
"""
from datetime import date
from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template

from healthyplaces.accounts.models import Role
from healthyplaces.forms import DateField


class Elements(HTMLParser):
    """Every element of a page with its attributes, its text and the classes of the elements around it."""

    VOID = {"input", "br", "img", "meta", "link"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.all, self._open = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": "",
                   "around": " ".join(e["attrs"].get("class") or "" for e in self._open)}
        self.all.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def by_id(self, id_):
        [element] = [e for e in self.all if e["attrs"].get("id") == id_]
        return element

    def named(self, name):
        return [e for e in self.all if e["attrs"].get("name") == name]

    def with_class(self, cls):
        return [e for e in self.all if cls in (e["attrs"].get("class") or "").split()]


def classes(element):
    return set((element["attrs"].get("class") or "").split())


def described_by(page, element):
    """The texts the element's aria-describedby points at; each id must be on the page."""
    return [" ".join(page.by_id(id_)["text"].split()) for id_ in element["attrs"]["aria-describedby"].split()]


class Everything(forms.Form):
    name = forms.CharField(max_length=120, help_text="As people know it")
    postcode = forms.CharField(max_length=10, required=False)
    notes = forms.CharField(max_length=400, widget=forms.Textarea, help_text="What a visitor should know")
    story = forms.CharField(required=False, widget=forms.Textarea)
    category = forms.ChoiceField(choices=[("", "Choose"), ("space", "A space"), ("group", "A group")])
    kind = forms.ChoiceField(choices=[("need", "A need"), ("idea", "An idea")], widget=forms.RadioSelect,
                             help_text="Choose one")
    themes = forms.MultipleChoiceField(choices=[("food", "Food"), ("work", "Work"), ("air", "Air")],
                                       widget=forms.CheckboxSelectMultiple, help_text="Choose any")
    consent = forms.BooleanField(help_text="They said yes")
    file = forms.FileField(help_text="A CSV file")
    held_on = DateField(help_text="For example, 27 3 2026")
    people = forms.IntegerField(required=False)


def render(data=None, files=None):
    form = Everything(data, files)
    form.is_valid()
    html = Template("{% include 'includes/error_summary.html' %}{{ form }}").render(Context({"form": form}))
    return form, Elements(html)


WRONG = {"name": "x" * 121, "notes": "y" * 401, "category": "nothing", "kind": "neither", "themes": ["food", "none"],
         "held_on_day": "31", "held_on_month": "2", "held_on_year": "2026", "people": "many"}


def test_a_text_input_has_the_gov_uk_classes_its_error_and_is_described_by_its_hint_and_error():
    form, page = render(WRONG)
    box = page.by_id("id_name")
    assert classes(box) >= {"govuk-input", "govuk-input--error"}
    assert "govuk-form-group--error" in box["around"]
    assert described_by(page, box) == ["As people know it", f"Error: {form.errors['name'][0]}"]
    assert "govuk-error-message" in classes(page.by_id("id_name_error"))
    assert box["attrs"]["value"] == "x" * 121, "the entry is shown again"


def test_a_short_or_numeric_input_is_as_wide_as_its_entry():
    _, page = render(WRONG)
    assert "govuk-input--width-10" in classes(page.by_id("id_postcode"))
    assert "govuk-input--width-5" in classes(page.by_id("id_people"))
    assert not any(c.startswith("govuk-input--width") for c in classes(page.by_id("id_name")))


def test_a_textarea_with_a_maximum_length_is_a_character_count_that_works_without_javascript():
    form, page = render(WRONG)
    area = page.by_id("id_notes")
    assert area["tag"] == "textarea"
    assert classes(area) >= {"govuk-textarea", "govuk-textarea--error", "govuk-js-character-count"}
    assert "maxlength" not in area["attrs"], "the browser must not cut text off: the count says what is over"
    [group] = page.with_class("govuk-character-count")
    assert group["attrs"]["data-module"] == "govuk-character-count" and group["attrs"]["data-maxlength"] == "400"
    assert described_by(page, area) == ["You can enter up to 400 characters", "What a visitor should know",
                                        f"Error: {form.errors['notes'][0]}"]
    assert area["text"].strip() == "y" * 401


def test_a_textarea_without_a_maximum_length_has_no_count():
    _, page = render(WRONG)
    area = page.by_id("id_story")
    assert "govuk-textarea" in classes(area) and "govuk-js-character-count" not in classes(area)
    assert "govuk-character-count" not in area["around"]


def test_a_select_has_the_gov_uk_classes_and_its_error():
    form, page = render(WRONG)
    select = page.by_id("id_category")
    assert classes(select) >= {"govuk-select", "govuk-select--error"}
    assert described_by(page, select) == [f"Error: {form.errors['category'][0]}"]


def test_radios_are_a_fieldset_described_by_its_hint_and_error():
    form, page = render(WRONG)
    [fieldset] = [e for e in page.all if e["tag"] == "fieldset" and "Choose one" in e["text"]]
    assert described_by(page, fieldset) == ["Choose one", f"Error: {form.errors['kind'][0]}"]
    radios = page.named("kind")
    assert [r["attrs"]["type"] for r in radios] == ["radio", "radio"]
    assert all("govuk-radios__input" in classes(r) and "govuk-radios__item" in r["around"] for r in radios)
    labels = [e for e in page.all if e["tag"] == "label" and e["attrs"].get("for") == radios[0]["attrs"]["id"]]
    assert [" ".join(label["text"].split()) for label in labels] == ["A need"]


def test_checkboxes_keep_what_was_ticked_and_show_their_error():
    form, page = render({**WRONG, "themes": ["food", "air"], "kind": "need"})
    boxes = page.named("themes")
    assert all("govuk-checkboxes__input" in classes(b) for b in boxes)
    assert [b["attrs"]["value"] for b in boxes if "checked" in b["attrs"]] == ["food", "air"]
    form, page = render(WRONG)
    [fieldset] = [e for e in page.all if e["tag"] == "fieldset" and "Choose any" in e["text"]]
    assert described_by(page, fieldset) == ["Choose any", f"Error: {form.errors['themes'][0]}"]


def test_a_single_checkbox_is_described_by_its_hint_and_error():
    form, page = render(WRONG)
    box = page.by_id("id_consent")
    assert box["attrs"]["type"] == "checkbox" and "govuk-checkboxes__input" in classes(box)
    assert described_by(page, box) == ["They said yes", f"Error: {form.errors['consent'][0]}"]


def test_a_file_upload_has_the_gov_uk_classes_and_its_error():
    form, page = render(WRONG)
    upload = page.by_id("id_file")
    assert upload["attrs"]["type"] == "file"
    assert classes(upload) >= {"govuk-file-upload", "govuk-file-upload--error"}
    assert described_by(page, upload) == ["A CSV file", f"Error: {form.errors['file'][0]}"]


def test_the_error_summary_links_to_each_field_on_the_page():
    form, page = render(WRONG)
    links = [e["attrs"]["href"] for e in page.all if e["tag"] == "a"]
    assert len(links) == sum(len(errors) for errors in form.errors.values())
    for href in links:
        page.by_id(href[1:])
    assert "#id_kind_0" in links and "#id_themes_0" in links and "#id_held_on_day" in links


def _date(data):
    form = Everything(data)
    form.is_valid()
    page = Elements(str(form["held_on"].as_field_group()))
    wrong = [e["attrs"]["name"] for e in page.all if "govuk-input--error" in classes(e)]
    return form, page, wrong


def test_a_date_is_three_boxes_with_gov_uk_classes_that_keep_what_was_entered():
    form, page, wrong = _date(WRONG)
    boxes = page.with_class("govuk-date-input__input")
    assert [b["attrs"]["name"] for b in boxes] == ["held_on_day", "held_on_month", "held_on_year"]
    assert [b["attrs"]["value"] for b in boxes] == ["31", "2", "2026"]
    assert [b["attrs"]["inputmode"] for b in boxes] == ["numeric"] * 3
    assert "govuk-input--width-4" in classes(boxes[2]) and "govuk-input--width-2" in classes(boxes[0])
    [fieldset] = [e for e in page.all if e["tag"] == "fieldset"]
    assert fieldset["attrs"]["role"] == "group"
    assert described_by(page, fieldset) == ["For example, 27 3 2026", "Error: The date must be a real date"]
    assert wrong == ["held_on_day", "held_on_month", "held_on_year"]
    labels = [" ".join(e["text"].split()) for e in page.all if e["tag"] == "label"]
    assert labels == ["Day", "Month", "Year"]


def test_a_date_without_a_part_says_which_and_marks_only_that_box():
    form, _, wrong = _date({"held_on_day": "3", "held_on_month": "4", "held_on_year": ""})
    assert form.errors["held_on"] == ["The date must include a year"]
    assert wrong == ["held_on_year"]
    form, _, wrong = _date({"held_on_day": "", "held_on_month": "", "held_on_year": "2026"})
    assert form.errors["held_on"] == ["The date must include a day and month"]
    assert wrong == ["held_on_day", "held_on_month"]


def test_a_date_in_words_or_a_short_year_is_refused_at_its_box():
    form, _, wrong = _date({"held_on_day": "3", "held_on_month": "May", "held_on_year": "2026"})
    assert form.errors["held_on"] == ["The date must be a real date, in numbers: for example, 27 3 2026"]
    assert wrong == ["held_on_month"]
    form, _, wrong = _date({"held_on_day": "3", "held_on_month": "5", "held_on_year": "26"})
    assert form.errors["held_on"] == ["The year must have 4 numbers"]
    assert wrong == ["held_on_year"]


def test_a_date_is_read_from_its_boxes_or_from_one_iso_value_as_an_import_row_gives_it():
    assert _date({"held_on_day": "1", "held_on_month": "5", "held_on_year": "2026"})[0].cleaned_data["held_on"] == date(2026, 5, 1)
    form, page, _ = _date({"held_on": "2026-05-01"})
    assert form.cleaned_data["held_on"] == date(2026, 5, 1)
    assert [b["attrs"]["value"] for b in page.with_class("govuk-date-input__input")] == ["1", "5", "2026"]
    form, _, _ = _date({"held_on_day": "", "held_on_month": "", "held_on_year": ""})
    assert form.errors["held_on"] == ["This field is required."]


def test_a_stored_date_fills_the_three_boxes():
    form = Everything(initial={"held_on": date(2025, 11, 20)})
    page = Elements(str(form["held_on"].as_field_group()))
    assert [b["attrs"]["value"] for b in page.with_class("govuk-date-input__input")] == ["20", "11", "2025"]


@pytest.mark.django_db
@pytest.mark.parametrize("role, url, field, model_field", [
    (Role.APPLICANT, "/assessments/hia/new/", "site", ("assessments.Development", "site")),
    (Role.APPLICANT, "/assessments/hia/new/", "size", ("assessments.Development", "size")),
    (Role.OFFICER, "/insights/communities/new/", "name", ("insights.Community", "name")),
])
def test_a_model_forms_box_takes_its_maximum_length_from_the_model(people, client_for, role, url, field, model_field):
    """Issue 11: "maximum lengths from the model": the page's box says the model's limit (none were shown before)."""
    from django.apps import apps

    model, name = model_field
    page = Elements(client_for(people[role]).get(url).content.decode())
    assert page.by_id(f"id_{field}")["attrs"]["maxlength"] == str(apps.get_model(model)._meta.get_field(name).max_length)


@pytest.mark.django_db
def test_an_insights_summary_counts_to_its_limit_on_the_page(people, client_for):
    from healthyplaces.insights import services
    from healthyplaces.insights.models import Insight

    conversation = services.save_conversation(by=people[Role.PARTNER], title="Coffee morning", kind="street",
                                              held_on=date(2026, 5, 1), lsoa_codes=["E01012187"])
    html = client_for(people[Role.PARTNER]).get(f"/insights/conversations/{conversation.pk}/insights/new/").content.decode()
    page = Elements(html)
    assert " ".join(page.by_id("id_summary_info")["text"].split()) == f"You can enter up to {Insight._meta.get_field('summary').max_length:,} characters"
    assert "id_summary_info" in page.by_id("id_summary")["attrs"]["aria-describedby"].split()
