"""What the insights part does: record conversations and insights, show the right text to each
person, summarise what an area or community said, and find whose voice is missing."""
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils.text import slugify

from healthyplaces.accounts import audit
from healthyplaces.accounts.permissions import can
from healthyplaces.places.models import Lsoa, Neighbourhood, Population

from . import embeddings, personal_data, search
from .models import MAX_QUOTE, MAX_SUMMARY, Community, Conversation, Insight, Tag, Theme


class InsightInvalid(ValueError):
    pass


def organisation_of(user):
    membership = user.memberships.select_related("organisation").first() if user else None
    return membership.organisation if membership else None


# Places


def resolve_places(lsoa_codes=(), neighbourhood=None):
    """LSOA (2011) objects for codes plus a neighbourhood's; unknown codes are an error."""
    codes = [c.strip().upper() for c in lsoa_codes if c and c.strip()]
    found = {lsoa.code: lsoa for lsoa in Lsoa.objects.filter(vintage=2011, code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise InsightInvalid(f"No LSOA has the code(s): {', '.join(unknown[:10])}")
    lsoas = list(found.values())
    if neighbourhood is not None:
        lsoas += list(neighbourhood.lsoas.all())
    return list({lsoa.pk: lsoa for lsoa in lsoas}.values())


def find_neighbourhood(name):
    name = (name or "").strip()
    if not name:
        return None
    return Neighbourhood.objects.filter(name__iexact=name).first() or Neighbourhood.objects.filter(slug=name.lower()).first()


# Conversations


@transaction.atomic
def save_conversation(*, by, title, kind, held_on, lsoa_codes=(), neighbourhood=None, venue=None, run_by="",
                      participants=None, communities=(), description="", organisation=None, conversation=None,
                      is_sample=False):
    """Create or update a conversation. Audited."""
    title = (title or "").strip()
    if not title:
        raise InsightInvalid("Give the conversation a title.")
    if kind not in Conversation.Kind.values:
        raise InsightInvalid(f"Unknown kind of conversation {kind!r}.")
    lsoas = resolve_places(lsoa_codes, neighbourhood)
    if venue is not None and not lsoas and venue.lsoa_code:  # held at an asset: the asset's LSOA
        lsoas = resolve_places([venue.lsoa_code])
    organisation = organisation or organisation_of(by)
    if organisation is None:
        raise InsightInvalid("You need to belong to an organisation to record conversations.")
    with audit.acting_as(by or audit.current_actor()):
        before = []
        if conversation is None:
            conversation = Conversation(created_by=by, organisation=organisation)
        else:
            before = sorted(conversation.lsoas.values_list("code", flat=True))
        conversation.title, conversation.kind, conversation.held_on = title, kind, held_on
        conversation.neighbourhood, conversation.run_by = neighbourhood, run_by
        conversation.participants, conversation.description, conversation.is_sample = participants, description, is_sample
        conversation.venue = venue
        conversation.save()
        conversation.lsoas.set(lsoas)
        conversation.communities.set(communities)
        audit.m2m_changed_record(conversation, "lsoas", before, [lsoa.code for lsoa in lsoas])
    return conversation


# Insights


def tags_from_text(text):
    names = [t.strip()[:60] for t in (text or "").replace(";", ",").split(",") if t.strip()]
    return [Tag.objects.get_or_create(name=name.lower())[0] for name in dict.fromkeys(names)]


def _check_text(summary, quote):
    summary = (summary or "").strip()
    quote = (quote or "").strip()
    if not summary:
        raise InsightInvalid("Say what was said: the summary is empty.")
    if len(summary) > MAX_SUMMARY:
        raise InsightInvalid(f"The summary is {len(summary):,} characters; the most is {MAX_SUMMARY:,}.")
    if len(quote) > MAX_QUOTE:
        raise InsightInvalid(f"The quote is {len(quote):,} characters; the most is {MAX_QUOTE:,}.")
    return summary, quote


def set_text(insight, summary, quote, vector):
    """What was said, the personal data found in it, the redacted text to share, and its embedding."""
    insight.summary, insight.quote = summary, quote
    insight.personal_data = personal_data.flags_for(summary=summary, quote=quote)
    insight.summary_redacted = personal_data.redact(summary)
    insight.quote_redacted = personal_data.redact(quote)
    insight.redaction_reviewed = False
    insight.embedding = embeddings.to_bytes(vector) if vector is not None else None


def save_insight(*, by, conversation, summary, kind, quote="", quote_consent=False, themes=(), tags=(),
                 lsoa_codes=None, neighbourhood=None, communities=None, insight=None, import_key="",
                 embed=True, vector=None):
    """Create or update an insight. Places and communities left empty are the conversation's.

    Personal data is looked for and a redacted version made for sharing; the recorder reviews it.
    The embedding is computed before the transaction, so a slow model never holds the database.
    """
    summary, quote = _check_text(summary, quote)
    if kind not in Insight.Kind.values:
        raise InsightInvalid(f"Say whether it names a need, a strength, a barrier or an idea (not {kind!r}).")
    if lsoa_codes is None and neighbourhood is None:
        lsoas = list(conversation.lsoas.all())
        neighbourhood = conversation.neighbourhood
    else:
        lsoas = resolve_places(lsoa_codes or (), neighbourhood)
    if communities is None:
        communities = list(conversation.communities.all())
    changed_text = insight is None or (insight.summary, insight.quote) != (summary, quote)
    if vector is None and embed and changed_text:
        vectors = embeddings.encode([personal_data.redact(summary)])
        vector = vectors[0] if vectors is not None else None
    with transaction.atomic(), audit.acting_as(by or audit.current_actor()):
        if insight is None:
            insight = Insight(conversation=conversation, recorded_by=by, organisation=conversation.organisation,
                              import_key=import_key)
        insight.kind, insight.quote_consent, insight.neighbourhood = kind, quote_consent, neighbourhood
        if changed_text:
            set_text(insight, summary, quote, vector)
        insight.save()
        insight.lsoas.set(lsoas)
        insight.communities.set(communities)
        insight.themes.set(themes)
        insight.tags.set(tags)
    return insight


def review_redaction(insight, *, by, summary_redacted, quote_redacted):
    """The recorder's corrected redaction, which is then what people beyond the organisation see."""
    summary_redacted = (summary_redacted or "").strip()[:MAX_SUMMARY]
    if not summary_redacted:
        raise InsightInvalid("The shared summary cannot be empty.")
    vectors = embeddings.encode([summary_redacted])
    with transaction.atomic(), audit.acting_as(by):
        insight.summary_redacted = summary_redacted
        insight.quote_redacted = (quote_redacted or "").strip()[:MAX_QUOTE]
        insight.redaction_reviewed = True
        insight.embedding = embeddings.to_bytes(vectors[0]) if vectors is not None else insight.embedding
        insight.save()
    return insight


# Links to assets (and, later, actions and funding call-outs)


def linkable_assets(insight, limit=200):
    """Current assets in the insight's places, for the link form."""
    from healthyplaces.assets.models import Asset

    codes = list(insight.lsoas.values_list("code", flat=True))
    return Asset.objects.current().filter(lsoa_code__in=codes).exclude(insights=insight).order_by("name")[:limit]


@transaction.atomic
def link_asset(insight, asset, *, by):
    before = list(insight.assets.values_list("pk", flat=True))
    insight.assets.add(asset)
    audit.m2m_changed_record(insight, "assets", before, before + [asset.pk])


@transaction.atomic
def unlink_asset(insight, asset, *, by):
    before = list(insight.assets.values_list("pk", flat=True))
    insight.assets.remove(asset)
    audit.m2m_changed_record(insight, "assets", before, [pk for pk in before if pk != asset.pk])


def insights_for_asset(asset, user):
    """The insights linked to an asset, as this person may see them (for the asset's page)."""
    if not can(user, "insights.view"):
        return None
    return shown_all(asset.insights.select_related("conversation").order_by("-conversation__held_on"), user)


def embed_missing(batch_size=256):
    """Embed every insight that has no vector yet (after installing the model). Returns how many."""
    done = 0
    while embeddings.available():
        batch = list(Insight.objects.filter(embedding__isnull=True).order_by("pk")[:batch_size])
        if not batch:
            break
        vectors = embeddings.encode([i.summary_redacted for i in batch])
        for insight, vector in zip(batch, vectors):
            insight.embedding = embeddings.to_bytes(vector)
        Insight.objects.bulk_update(batch, ["embedding"])
        done += len(batch)
    return done


# Who sees what


def may_see_unredacted(user, insight):
    return can(user, "insight.view_unredacted", insight)


@dataclass
class Shown:
    """An insight as one person may see it."""

    insight: Insight
    summary: str
    quote: str
    unredacted: bool

    def __getattr__(self, name):
        return getattr(self.insight, name)


def shown(insight, user):
    unredacted = may_see_unredacted(user, insight)
    if unredacted:
        return Shown(insight, insight.summary, insight.quote, True)
    quote = insight.quote_redacted if insight.quote_consent else ""
    return Shown(insight, insight.summary_redacted, quote, False)


def shown_all(insights, user):
    return [shown(i, user) for i in insights]


def similar(insight, user, limit=5):
    """Insights that say something like this one, as the person may see them; None if unavailable."""
    if not embeddings.available() or insight.embedding is None:
        return None
    # Ask for more than needed: the cache may still hold insights deleted since it was read.
    pairs = embeddings.nearest(embeddings.from_bytes(insight.embedding), limit=limit * 3, exclude={insight.pk})
    found = Insight.objects.select_related("conversation").in_bulk([pk for pk, _ in pairs])
    return [(shown(found[pk], user), score) for pk, score in pairs if pk in found][:limit]


# Summaries


def summary(filters, quotes=3):
    """Themes raised with counts, trend by quarter, and the newest example quotes that may be shared."""
    found = search.find(filters)
    figures = found.counts()
    examples = []
    for start in range(0, len(found), 500):  # newest first: most areas need one look
        batch = found[start:start + 500]
        shareable = set(Insight.objects.filter(pk__in=batch, quote_consent=True).exclude(quote_redacted="")
                        .values_list("pk", flat=True))
        examples += [pk for pk in batch if pk in shareable][:quotes - len(examples)]
        if len(examples) == quotes:
            break
    return {
        "total": len(found),
        "themes": figures["theme"],
        "periods": figures["period"],
        "kinds": figures["kind"],
        "quotes": [{"text": i.quote_redacted, "conversation": i.conversation, "insight": i}
                   for i in search.insights(examples)],
    }


def area_summary(area):
    return summary(search.Filters(lsoa_codes=list(area.lsoas().values_list("code", flat=True))))


def community_summary(community):
    return summary(search.Filters(communities=[community.slug]))


# Whose voice is missing


@dataclass
class Voice:
    community: Community
    insights: int
    insight_share: float
    population: int | None
    population_share: float | None
    unheard: bool


UNDER_HEARD = 0.5  # flagged when a community's share of insights is under half its share of the population


def missing_voices(area):
    """For each community the platform knows: its share of the area's insights against its share of
    the population where known, flagging those unheard (no insights, or far fewer than their share)."""
    codes = list(area.lsoas().values_list("code", flat=True))
    found = search.find(search.Filters(lsoa_codes=codes))
    total = len(found)
    per_community = {slug: n for slug, _, n in found.counts()["community"]}
    fields = [c.population_field for c in Community.objects.exclude(population_field="")]
    people = Population.objects.filter(lsoa__vintage=2011, lsoa__code__in=codes).aggregate(
        total=Sum("total"), **{f: Sum(f) for f in fields})
    voices = []
    for community in Community.objects.all():
        count = per_community.get(community.slug, 0)
        share = count / total if total else 0.0
        population = people.get(community.population_field) if community.population_field else None
        population_share = population / people["total"] if population is not None and people["total"] else None
        if population_share is not None:
            unheard = count == 0 or share < population_share * UNDER_HEARD
        else:
            unheard = count == 0
        voices.append(Voice(community, count, share, population, population_share, unheard))
    return {"total": total, "voices": voices, "population": people["total"],
            "unheard": [v for v in voices if v.unheard]}


@transaction.atomic
def add_community(name, *, by, description=""):
    """A community of interest or identity that an officer adds."""
    name = (name or "").strip()
    if not name:
        raise InsightInvalid("Give the community a name.")
    if len(name) > 120:
        raise InsightInvalid("The name must be 120 characters or fewer.")
    if Community.objects.filter(name__iexact=name).exists():
        raise InsightInvalid(f"A community called {name!r} already exists.")
    base = slugify(name)[:120] or "community"
    slug, n = base, 2
    while Community.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    with audit.acting_as(by):
        return Community.objects.create(name=name, slug=slug, kind=Community.Kind.INTEREST,
                                        description=description, created_by=by)


def theme_choices():
    """Themes for a form, children indented under their layer."""
    return [(t.code, ("— " if t.parent_id else "") + t.name) for t in Theme.objects.all()]
