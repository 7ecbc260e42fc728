"""Insights and conversations whose text holds an identifier, for "who saw this person's data" (accounts)."""
from healthyplaces.accounts.subject_access import text_matches

from .models import Conversation, Insight


def records_holding(identifiers):
    insights = Insight.objects.filter(text_matches(["summary", "quote", "summary_redacted", "quote_redacted"], identifiers))
    conversations = Conversation.objects.filter(text_matches(["title", "description", "run_by"], identifiers))
    return [*insights.order_by("pk"), *conversations.order_by("pk")]
