"""Insights and conversations whose text holds an identifier, for "who saw this person's data" and for erasing a
person (accounts)."""
from healthyplaces.accounts.subject_access import cut_out, name, text_matches

from .models import Conversation, Insight


INSIGHT_TEXTS = ["summary", "quote", "summary_redacted", "quote_redacted"]
CONVERSATION_TEXTS = ["title", "description", "run_by", "title_redacted", "description_redacted"]


def records_holding(identifiers):
    insights = Insight.objects.filter(text_matches(INSIGHT_TEXTS, identifiers))
    conversations = Conversation.objects.filter(text_matches(CONVERSATION_TEXTS, identifiers))
    return [*insights.order_by("pk"), *conversations.order_by("pk")]


def erase(identifiers, confirm):
    """The person cut out of insights' and conversations' texts; an insight's search words and vector are made
    again from what is left (the vector by `insights embed`)."""
    from .services import set_search_words

    found = []
    for record in records_holding(identifiers):
        fields = cut_out(record, INSIGHT_TEXTS if isinstance(record, Insight) else CONVERSATION_TEXTS, identifiers)
        found.append((name(record), "removed from " + ", ".join(f.replace("_", " ") for f in fields)))
        if confirm:
            if isinstance(record, Insight):
                set_search_words(record, record.tags.all())
                record.embedding, record.embedded_at = None, None
            record.save()
    return found
