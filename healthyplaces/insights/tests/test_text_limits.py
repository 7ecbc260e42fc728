"""Issue 11, "maximum lengths from the model": each insight text's limit is declared on its model field, and the web
forms read it from there rather than from constants of their own (the insight import checks a row's texts with
InsightForm's fields, test_importing.py proves the refusal)."""
import pytest

from healthyplaces.insights.forms import (CommunityForm, ConversationForm, ConversationRedactionForm, InsightForm,
                                          RedactionForm)
from healthyplaces.insights.models import Community, Conversation, Insight

FIELDS = [(InsightForm, Insight, "summary"), (InsightForm, Insight, "quote"),
          (RedactionForm, Insight, "summary_redacted"), (RedactionForm, Insight, "quote_redacted"),
          (ConversationForm, Conversation, "description"),
          (ConversationRedactionForm, Conversation, "description_redacted"), (CommunityForm, Community, "description")]


@pytest.mark.parametrize("form, model, name", FIELDS, ids=[f"{m.__name__}.{n}" for _, m, n in FIELDS])
def test_the_model_field_holds_the_limit_the_form_uses(form, model, name):
    limit = model._meta.get_field(name).max_length
    assert limit, f"{model.__name__}.{name} declares no maximum length"
    assert form.base_fields[name].max_length == limit

