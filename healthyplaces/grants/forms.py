"""The grants forms. The application form is built from its call-out: the questions are data
(`CallOut.questions`), each a field named q_KEY; budget lines are rows of item and cost (item_N, cost_N).
A draft may leave questions unanswered: `services.save_application` decides what a submission needs."""
import re
from datetime import datetime, time
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone

from healthyplaces.accounts.models import Organisation
from healthyplaces.assessments.models import Framework, FrameworkVersion
from healthyplaces.forms import DateField

from .models import CallOut, Contribution, Lot, Round


BUDGET_ROWS = 6
LSOA_CODE = re.compile(r"^E0[01]\d{6}$")
YES_NO = [("yes", "Yes"), ("no", "No")]
WHO = [("no", "A registered organisation (a charity, company or other registered body)"),
       ("yes", "An unregistered community group (no charity or company number needed)")]


def money(text, what):
    """Pounds as typed ("£1,250.50"), or a ValidationError saying what to enter."""
    cleaned = str(text).strip().replace("£", "").replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise forms.ValidationError(f"{what} must be an amount in pounds, for example 250 or 250.50") from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise forms.ValidationError(f"{what} must be an amount in pounds and pence, for example 250.50")
    if abs(value) >= Decimal("10000000000"):
        raise forms.ValidationError(f"{what} is too large")
    return value


def question_field(question):
    kind, label = question.get("kind", "text"), question["label"]
    common = {"label": label, "help_text": question.get("hint", ""), "required": False}
    if kind == "textarea":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=question.get("max_length"), **common)
    if kind == "number":
        return forms.IntegerField(min_value=0, error_messages={
            "invalid": f"{label}: enter a whole number, for example 25",
            "min_value": f"{label}: enter a number of 0 or more"}, **common)
    if kind == "choice":
        return forms.ChoiceField(choices=[(c, c) for c in question.get("choices", [])], widget=forms.RadioSelect,
                                 error_messages={"invalid_choice": f"{label}: choose one of the answers"}, **common)
    if kind == "yesno":
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
                                 error_messages={"invalid_choice": f"{label}: choose yes or no"}, **common)
    return forms.CharField(max_length=question.get("max_length") or 500, **common)


class ApplicationForm(forms.Form):
    unregistered_group = forms.ChoiceField(label="Who is applying?", choices=WHO, widget=forms.RadioSelect,
                                           error_messages={"required": "Say who is applying: a registered organisation "
                                                                       "or an unregistered community group"})
    applicant_name = forms.CharField(label="Name of your organisation or group", max_length=200,
                                     error_messages={"required": "Enter the name of your organisation or group"})
    charity_number = forms.CharField(label="Charity number (if you have one)", max_length=20, required=False)
    company_number = forms.CharField(label="Company number (if you have one)", max_length=20, required=False)
    contact_name = forms.CharField(label="Contact name", max_length=150, help_text="The person we talk to about this application.",
                                   error_messages={"required": "Enter the name of the person we contact"})
    contact_email = forms.EmailField(label="Contact email", required=False, max_length=254,
                                     error_messages={"invalid": "Enter the contact email in the right form, like name@example.org"})
    contact_phone = forms.CharField(label="Contact phone", max_length=30, required=False)
    title = forms.CharField(label="Name of your project", max_length=200,
                            error_messages={"required": "Enter the name of your project"})
    summary = forms.CharField(label="What your project will do", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    amount = forms.CharField(label="How much are you asking for, in pounds?", max_length=20,
                             error_messages={"required": "Enter how much you are asking for, in pounds"})
    lsoas = forms.CharField(label="Neighbourhoods (LSOAs) your project serves, if you know them", required=False,
                            max_length=2000, help_text="LSOA codes such as E01012187, separated by spaces or commas.",
                            widget=forms.Textarea(attrs={"rows": 2}))
    local_authorities = forms.MultipleChoiceField(label="Council areas your project serves", required=False,
                                                  widget=forms.CheckboxSelectMultiple)
    communities = forms.MultipleChoiceField(label="Communities your project serves", required=False,
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, call_out, authorities=(), communities=(), rows=BUDGET_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.call_out, self.budget_errors = call_out, []
        self.fields["local_authorities"].choices = [(a.code, a.name) for a in authorities]
        self.fields["communities"].choices = [(str(c.pk), c.name) for c in communities]
        if not authorities:
            del self.fields["local_authorities"]
        if not communities:
            del self.fields["communities"]
        if self.is_bound:  # keep every row that was posted, and room for more
            posted = [int(m.group(1)) for name in self.data for m in [re.match(r"^(?:item|cost)_(\d+)$", name)] if m]
            rows = max([rows] + [n + 1 for n in posted if n < 100])
        self.rows = rows
        for n in range(rows):
            self.fields[f"item_{n}"] = forms.CharField(label=f"Budget line {n + 1}: what it pays for", max_length=200,
                                                       required=False)
            self.fields[f"cost_{n}"] = forms.CharField(label=f"Budget line {n + 1}: cost in pounds", max_length=20,
                                                       required=False)
        self.questions = list(call_out.questions)
        for question in self.questions:
            self.fields[f"q_{question['key']}"] = question_field(question)

    def clean_amount(self):
        return money(self.cleaned_data["amount"], "The amount you are asking for")

    def clean_lsoas(self):
        codes = [code.upper() for code in re.split(r"[\s,;]+", self.cleaned_data["lsoas"]) if code]
        wrong = [code for code in codes if not LSOA_CODE.match(code)]
        if wrong:
            raise forms.ValidationError(f"These are not LSOA codes (E01 and six digits): {', '.join(wrong[:5])}")
        return list(dict.fromkeys(codes))

    def clean(self):
        data = super().clean()
        lines = []
        for n in range(self.rows):
            item, cost = (data.get(f"item_{n}") or "").strip(), (data.get(f"cost_{n}") or "").strip()
            if not item and not cost:
                continue
            if not item:
                self.add_error(f"item_{n}", f"Budget line {n + 1}: say what the money pays for")
            if not cost:
                self.add_error(f"cost_{n}", f"Budget line {n + 1}: enter how much it costs")
                continue
            try:
                lines.append((item, money(cost, f"Budget line {n + 1}: the cost")))
            except forms.ValidationError as error:
                self.add_error(f"cost_{n}", error)
        data["budget_lines"] = lines
        return data

    def budget_rows(self):
        return [(self[f"item_{n}"], self[f"cost_{n}"]) for n in range(self.rows)]

    def question_fields(self):
        return [self[f"q_{question['key']}"] for question in self.questions]

    def answers(self):
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q_{question['key']}")
            if value not in (None, ""):
                answers[question["key"]] = value
        return answers


def application_initial(application):
    """The form's fields as a saved application holds them."""
    initial = {field: getattr(application, field) for field in (
        "applicant_name", "charity_number", "company_number", "contact_name", "contact_email", "contact_phone",
        "title", "summary")}
    initial.update(unregistered_group="yes" if application.unregistered_group else "no", amount=f"{application.amount}",
                   lsoas=" ".join(application.lsoas.values_list("code", flat=True)),
                   local_authorities=list(application.local_authorities.values_list("code", flat=True)),
                   communities=[str(pk) for pk in application.communities.values_list("pk", flat=True)])
    for n, line in enumerate(application.budget_lines.all()):
        initial.update({f"item_{n}": line.item, f"cost_{n}": f"{line.amount}"})
    for key, value in (application.answers or {}).items():
        initial[f"q_{key}"] = value
    return initial


def budget_rows_for(application):
    return max(BUDGET_ROWS, application.budget_lines.count() + 2) if application else BUDGET_ROWS



class ScoreForm(forms.Form):
    """A panel member's score of one application: each principle on the call-out's scale, with a comment. The
    values go to `services.save_scores` as typed, which checks the scale."""

    def __init__(self, *args, call_out, principles, **kwargs):
        super().__init__(*args, **kwargs)
        self.principles = principles
        choices = [(str(n), str(n)) for n in range(call_out.score_min, call_out.score_max + 1)]
        for criterion in principles:
            self.fields[f"score_{criterion.pk}"] = forms.CharField(
                label=f"Score for {criterion.key}: {criterion.text}", required=False, max_length=5,
                widget=forms.RadioSelect(choices=choices, attrs={"class": "govuk-radios--inline govuk-radios--small"}))
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"Comment on {criterion.key}", required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}))

    def groups(self):
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.principles]

    def scores(self):
        return {c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"]) for c in self.principles}


def score_initial(application, member):
    initial = {}
    for score in application.scores.filter(member=member):
        initial[f"score_{score.principle_id}"] = str(score.value)
        initial[f"comment_{score.principle_id}"] = score.comment
    return initial


class ConflictForm(forms.Form):
    reason = forms.CharField(label="What is the conflict of interest?", max_length=300,
                             help_text="For example: I am a trustee of this group, or a relative runs it.",
                             error_messages={"required": "Say what the conflict of interest is (for example: I am a trustee)."})


class ModerationForm(forms.Form):
    score = forms.DecimalField(label="Agreed score", max_digits=6, decimal_places=2, min_value=0,
                               error_messages={"required": "Enter the panel's agreed score",
                                               "invalid": "The agreed score must be a number, for example 21.5",
                                               "max_decimal_places": "The agreed score has at most two decimal places",
                                               "min_value": "The agreed score cannot be below 0"})
    note = forms.CharField(label="Why (needed when it differs from the members' mean)", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


QUESTION_LINE_HELP = ("One question a line: its kind, a star if it must be answered, a colon, then the question. "
                      "A choice question lists its answers after a bar, separated by semicolons. For example:\n"
                      "textarea*: What need will your project meet?\nnumber*: How many people will take part?\n"
                      "choice: Who runs your group? | Volunteers; Paid staff; Both")


def questions_from_lines(text):
    """A call-out's questions as data from the lines an officer types ("kind*: question | choice; choice"): keys
    q1, q2... in order. Raises a ValidationError naming each wrong line."""
    from .services import QUESTION_KINDS, check_questions

    questions, problems = [], []
    for number, line in enumerate([line for line in text.splitlines() if line.strip()], start=1):
        head, colon, rest = line.partition(":")
        kind = head.strip().rstrip("*").strip().lower()
        if not colon or kind not in QUESTION_KINDS:
            problems.append(f"Line {number}: start with the question's kind ({', '.join(QUESTION_KINDS)}) and a colon.")
            continue
        label, _, choices = rest.partition("|")
        question = {"key": f"q{number}", "label": label.strip(), "kind": kind, "required": head.strip().endswith("*")}
        if kind == "choice":
            question["choices"] = [c.strip() for c in choices.split(";") if c.strip()]
        questions.append(question)
        problems += [p.replace("Question 1:", f"Line {number}:", 1) for p in check_questions([question])]
    if problems:
        raise forms.ValidationError(problems)
    return questions


class CallOutForm(forms.ModelForm):
    """A new call-out in one of the fund's rounds and lots; its questions typed a line each."""

    opens_on = DateField(label="Opens on", error_messages={"required": "Enter the date the call-out opens"})
    closes_on = DateField(label="Closes on", help_text="Applications close at the end of this day.",
                          error_messages={"required": "Enter the closing date"})
    organisation_kinds = forms.MultipleChoiceField(label="Organisations that may apply", required=False,
                                                   choices=Organisation.Kind.choices, widget=forms.CheckboxSelectMultiple,
                                                   help_text="None ticked: any kind of organisation.")
    question_lines = forms.CharField(label="The application form's questions", required=False, max_length=10000,
                                     help_text=QUESTION_LINE_HELP, widget=forms.Textarea(attrs={"rows": 6}))

    class Meta:
        model = CallOut
        fields = ["round", "lot", "title", "slug", "summary", "guidance", "unregistered_groups", "max_amount", "budget",
                  "principles", "score_min", "score_max", "status"]
        labels = {"round": "Round", "lot": "Lot (whose money it spends)", "slug": "Short name for its web address",
                  "unregistered_groups": "Unregistered community groups may apply", "max_amount": "Most an applicant may ask for (£)",
                  "budget": "Money this call-out may award (£), if not the whole lot's", "principles": "Principles applications are scored against",
                  "score_min": "Lowest score", "score_max": "Highest score", "status": "Publish it?"}

    def __init__(self, *args, fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = fund.rounds.all()
        self.fields["lot"].queryset = fund.lots.all()
        self.fields["principles"].queryset = FrameworkVersion.objects.filter(
            framework__kind=Framework.Kind.ASSESSMENT).select_related("framework")
        self.fields["principles"].required = False

    def clean_question_lines(self):
        return questions_from_lines(self.cleaned_data["question_lines"])

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        low, high = data.get("score_min"), data.get("score_max")
        if low is not None and high is not None and high <= low:
            self.add_error("score_max", "The highest score must be above the lowest")
        return data

    def save(self, commit=True):
        tz = timezone.get_current_timezone()
        call_out = super().save(commit=False)
        call_out.organisation_kinds = self.cleaned_data["organisation_kinds"]
        call_out.questions = self.cleaned_data["question_lines"]
        call_out.opens_at = datetime.combine(self.cleaned_data["opens_on"], time.min, tz)
        call_out.closes_at = datetime.combine(self.cleaned_data["closes_on"], time(23, 59, 59), tz)
        if commit:
            call_out.save()
        return call_out


class ContributionForm(forms.ModelForm):
    """What one partner puts into the shared pot."""

    class Meta:
        model = Contribution
        fields = ["partner", "amount"]
        labels = {"partner": "Partner", "amount": "Amount (£)"}
        error_messages = {"amount": {"invalid": "Enter the amount in pounds, for example 25000"}}

    def __init__(self, *args, fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fund = fund
        self.fields["partner"].queryset = Organisation.objects.order_by("name")

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError("Enter an amount of more than £0")
        return amount

    def clean_partner(self):
        partner = self.cleaned_data["partner"]
        if self.fund.contributions.filter(partner=partner).exists():
            raise forms.ValidationError(f"{partner} already contributes to this fund")
        return partner


class LotForm(forms.ModelForm):
    """A locality's share of the fund: its council areas and its budget."""

    class Meta:
        model = Lot
        fields = ["name", "budget", "local_authorities"]
        labels = {"name": "Name of the lot", "budget": "Budget (£)", "local_authorities": "Council areas it covers"}
        widgets = {"local_authorities": forms.CheckboxSelectMultiple}

    def __init__(self, *args, fund, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fund = fund
        self.fields["local_authorities"].queryset = authorities

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self.fund.lots.filter(name=name).exists():
            raise forms.ValidationError(f"This fund already has a lot called {name}")
        return name

    def clean_budget(self):
        budget = self.cleaned_data["budget"]
        if budget < 0:
            raise forms.ValidationError("The budget cannot be below £0")
        return budget


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["name", "decision", "counting_rule", "approval_limit", "status"]
        labels = {"name": "Name of the round", "decision": "How it is decided",
                  "counting_rule": "Counting rule (a participatory vote)", "approval_limit": "Projects a voter may pick (approval)"}
        widgets = {"decision": forms.RadioSelect}

    def __init__(self, *args, fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fund = fund

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self.fund.rounds.filter(name=name).exists():
            raise forms.ValidationError(f"This fund already has a round called {name}")
        return name

    def clean(self):
        data = super().clean()
        if data.get("decision") == Round.Decision.VOTE and not data.get("counting_rule"):
            self.add_error("counting_rule", "Choose the counting rule of the participatory vote")
        if data.get("counting_rule") == Round.Rule.APPROVAL and not data.get("approval_limit"):
            self.add_error("approval_limit", "Say how many projects a voter may pick")
        if data.get("decision") == Round.Decision.PANEL:
            data["counting_rule"], data["approval_limit"] = "", None
        return data


class PanelMemberForm(forms.Form):
    username = forms.CharField(label="Username of the panel member", max_length=150,
                               error_messages={"required": "Enter the panel member's username"})

    def clean_username(self):
        from healthyplaces.accounts.models import User
        from healthyplaces.accounts.permissions import can

        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None or not can(user, "application.score"):  # the panel member's role, by the permissions table
            raise forms.ValidationError(f"No one with the panel member's role has the username {username}")
        return user
