from django import forms

from .models import Assessment, Development, HiaAnswer, Rating


class StartForm(forms.ModelForm):
    """A new assessment: its title and year as the model holds them (their maximum lengths too)."""

    framework = forms.ChoiceField(label="Framework")
    organisation = forms.ChoiceField(label="Team or organisation")

    field_order = ["framework", "organisation", "title", "period"]

    class Meta:
        model = Assessment
        fields = ["title", "period"]  # the organisation is chosen from a list and set by the service
        labels = {"period": "Year"}
        help_texts = {"title": "For example: Healthy communities team self-assessment",
                      "period": "For example: 2026 or 2026/27"}

    def __init__(self, *args, frameworks=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [(f.key, f.name) for f in frameworks]
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]


class InviteForm(forms.Form):
    username = forms.CharField(label="User name of the person to invite", max_length=150)


class CopyForwardForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["period"]
        labels = {"period": "Year of the new assessment"}


class FeedbackLinksForm(forms.Form):
    count = forms.IntegerField(label="How many links", min_value=1, max_value=200, initial=10,
                               help_text="Each link takes one anonymous response.")


class DevelopmentForm(forms.ModelForm):
    """The development an HIA is about, as the model holds it; the LSOAs are codes the service checks."""

    lsoas = forms.CharField(label="LSOAs the site touches", widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="2011 LSOA codes separated by commas or spaces, for example E01012187")
    type = forms.ChoiceField(label="Type of development", choices=Development.Type.choices)

    class Meta:
        model = Development
        fields = ["name", "site", "lsoas", "size", "type"]
        labels = {"name": "Development name", "site": "Site address or description"}
        help_texts = {"site": "", "size": "For example: 120 homes, or 2,000 square metres"}


class FeedbackForm(forms.Form):
    """The anonymous short form: each community question is optional, answered on the community scale."""

    def __init__(self, *args, questions=(), options=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(option["value"]), option["label"]) for option in options]
        for question in questions:
            self.fields[question.key] = forms.ChoiceField(label=question.community_question, choices=choices,
                                                          required=False, widget=forms.RadioSelect)

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.values()):
            raise forms.ValidationError("Answer at least one question.")
        return data


# The rating and HIA pages: one field per criterion or topic, named FIELD-KEY (`value-p1`, `impact-t1_housing`), the
# names the pages have always posted. Each field carries its own error; a form shown again keeps what was entered.

INLINE_RADIOS = "govuk-radios--small govuk-radios--inline"
OTHER_LABELS = {Rating.NOT_APPLICABLE: "Not applicable", Rating.DONT_KNOW: "Don't know"}


def _radios(label, choices, **kwargs):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect(attrs={"class": INLINE_RADIOS}),
                             **kwargs)


def _text(label, rows):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}))


def rating_values(assessment):
    """The rating page's fields as the assessment's ratings hold them now."""
    values = {}
    for rating in assessment.ratings.select_related("criterion"):
        key = rating.criterion.key
        values.update({f"value-{key}": str(rating.value) if rating.value is not None else rating.other,
                       f"evidence-{key}": rating.evidence, f"action-{key}": rating.next_action})
    return values


class RatingsForm(forms.Form):
    """Each criterion's rating on its scale, the evidence for it and the next action."""

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, initial=rating_values(assessment), **kwargs)
        self.version = assessment.version
        self.criteria = list(self.version.criteria())
        for c in self.criteria:
            scale = self.version.scale(c.scale)
            choices = [(str(o["value"]), f"{o['value']} {o['label']}") for o in scale.get("options", [])]
            choices += [(other, OTHER_LABELS.get(other, other)) for other in scale.get("also_allow", [])]
            self.fields[f"value-{c.key}"] = _radios(
                f"Rating for {c.text}", choices, required=False,
                error_messages={"invalid_choice": f"Choose a rating on the scale for {c.text}"})
            self.fields[f"evidence-{c.key}"] = _text(f"Evidence for {c.text}", 3)
            self.fields[f"action-{c.key}"] = _text(f"Next action for {c.text}", 2)

    def groups(self):
        """The page's sections, one per criterion."""
        return [{"criterion": c, "value": self[f"value-{c.key}"], "evidence": self[f"evidence-{c.key}"],
                 "action": self[f"action-{c.key}"],
                 "platform_defined": self.version.scale(c.scale).get("platform_defined", False)} for c in self.criteria]

    def answers(self):
        """{criterion key: (value, evidence, next action)} for the criteria the post holds: one left out stays as saved."""
        fields = ("value", "evidence", "action")
        return {c.key: tuple(self.cleaned_data[f"{field}-{c.key}"] for field in fields) for c in self.criteria
                if any(f"{field}-{c.key}" in self.data for field in fields)}


def hia_answer_values(submission):
    """The answers page's fields as the version holds them now."""
    values = {}
    for answer in submission.answers.select_related("topic"):
        key = answer.topic.key
        values.update({f"impact-{key}": answer.impact, f"evidence-{key}": answer.evidence,
                       f"mitigation-{key}": answer.mitigation})
    return values


class HiaAnswersForm(forms.Form):
    """The applicant's answer to each topic: the likely impact on health, the evidence and the mitigation."""

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, initial=hia_answer_values(submission), **kwargs)
        self.topics = list(submission.hia.version.sections.prefetch_related("criteria"))
        for t in self.topics:
            self.fields[f"impact-{t.key}"] = _radios(f"Potential health impact of {t.name}", HiaAnswer.Impact.choices,
                                                     required=False)
            self.fields[f"evidence-{t.key}"] = _text(f"Evidence for {t.name}", 3)
            self.fields[f"mitigation-{t.key}"] = _text(f"Mitigation or enhancement for {t.name}", 2)

    def groups(self):
        return [{"topic": t, "impact": self[f"impact-{t.key}"], "evidence": self[f"evidence-{t.key}"],
                 "mitigation": self[f"mitigation-{t.key}"]} for t in self.topics]

    def answers(self):
        """{topic key: (impact, evidence, mitigation)}."""
        return {t.key: tuple(self.cleaned_data[f"{field}-{t.key}"] for field in ("impact", "evidence", "mitigation"))
                for t in self.topics}

    def unanswered(self, topics):
        """Put the error on each field a topic still needs before it can be submitted."""
        for t in topics:
            if not self.cleaned_data.get(f"impact-{t.key}"):
                self.add_error(f"impact-{t.key}", f"Choose the potential health impact of {t.name}")
            if not self.cleaned_data.get(f"evidence-{t.key}"):
                self.add_error(f"evidence-{t.key}", f"Give the evidence for {t.name}")


def hia_review_values(submission):
    """The review page's fields as the version holds them now."""
    values = {}
    for answer in submission.answers.select_related("topic"):
        values.update({f"outcome-{answer.topic.key}": answer.outcome, f"comment-{answer.topic.key}": answer.comment})
    return values


class HiaReviewForm(forms.Form):
    """The officer's review of each answer: an outcome, and a comment saying what is needed unless it is accepted."""

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, initial=hia_review_values(submission), **kwargs)
        self.reviewed = list(submission.answers.select_related("topic"))
        for a in self.reviewed:
            self.fields[f"outcome-{a.topic.key}"] = _radios(
                f"Your review of {a.topic.name}", HiaAnswer.Outcome.choices,
                error_messages={"required": f"Choose your review of {a.topic.name}"})
            self.fields[f"comment-{a.topic.key}"] = _text(f"Comment on {a.topic.name} (needed unless accepted)", 2)

    def clean(self):
        data = super().clean()
        for a in self.reviewed:
            outcome = data.get(f"outcome-{a.topic.key}")
            if outcome and outcome != HiaAnswer.Outcome.ACCEPTED and not data.get(f"comment-{a.topic.key}"):
                self.add_error(f"comment-{a.topic.key}", f"Say what is needed for {a.topic.name}")
        return data

    def groups(self):
        return [{"answer": a, "outcome": self[f"outcome-{a.topic.key}"], "comment": self[f"comment-{a.topic.key}"]}
                for a in self.reviewed]

    def outcomes(self):
        """{topic key: (outcome, comment)}."""
        return {a.topic.key: (self.cleaned_data[f"outcome-{a.topic.key}"], self.cleaned_data[f"comment-{a.topic.key}"])
                for a in self.reviewed}
