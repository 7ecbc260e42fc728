"""What the insights part does: record conversations and insights, show the right text to each
person, summarise what an area or community said, and find whose voice is missing."""
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify

from healthyplaces.accounts import audit
from healthyplaces.accounts.permissions import can, organisation_for
from healthyplaces.places.models import Lsoa, Neighbourhood, Population

from . import embeddings, personal_data, search, sharing, words
from .models import Community, Conversation, Insight, Tag
from .permissions import scope_of


class InsightInvalid(ValueError):
    pass


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
    organisation = organisation or organisation_for(by, "insights.record")
    if organisation is None:
        raise InsightInvalid("You need to belong to an organisation to record conversations.")
    with audit.acting_as(by or audit.current_actor()):
        before = []
        if conversation is None:
            conversation = Conversation(created_by=by, organisation=organisation)
        else:
            before = sorted(conversation.lsoas.values_list("code", flat=True))
        if (conversation.pk is None or (conversation.title, conversation.description) != (title, description)):
            _set_conversation_text(conversation, title, description)
        conversation.kind, conversation.held_on = kind, held_on
        conversation.neighbourhood, conversation.run_by = neighbourhood, run_by
        conversation.participants, conversation.is_sample = participants, is_sample
        conversation.venue = venue
        conversation.save()
        conversation.lsoas.set(lsoas)
        conversation.communities.set(communities)
        audit.m2m_changed_record(conversation, "lsoas", before, [lsoa.code for lsoa in lsoas])
    return conversation


def _set_conversation_text(conversation, title, description):
    """The title and description, their redacted versions, and back to the queue (nothing checked them)."""
    conversation.title, conversation.description = title, description
    conversation.title_redacted = personal_data.redact(title)[:200]
    conversation.description_redacted = personal_data.redact(description)
    conversation.personal_data = personal_data.flags_for(title=title, description=description)
    conversation.confirmed_at = conversation.confirmed_by = None


# Insights


def tags_from_text(text):
    names = [t.strip()[:60] for t in (text or "").replace(";", ",").split(",") if t.strip()]
    return [Tag.objects.get_or_create(name=name.lower())[0] for name in dict.fromkeys(names)]


def _longest(name):
    return Insight._meta.get_field(name).max_length


def _check_text(summary, quote):
    summary = (summary or "").strip()
    quote = (quote or "").strip()
    if not summary:
        raise InsightInvalid("Say what was said: the summary is empty.")
    for name, text in (("summary", summary), ("quote", quote)):
        most = _longest(name)
        if len(text) > most:
            raise InsightInvalid(f"The {name} is {len(text):,} characters; the most is {most:,}.")
    return summary, quote


def set_text(insight, summary, quote, vector, tags=()):
    """What was said, the personal data found in it and in its tags, the redacted text to share, and
    its embedding. Nothing is shared beyond the organisation until someone confirms it again."""
    insight.summary, insight.quote = summary, quote
    insight.personal_data = _flags(summary, quote, tags)
    insight.summary_redacted = personal_data.redact(summary)
    insight.quote_redacted = personal_data.redact(quote)
    insight.confirmed_at = insight.confirmed_by = None
    embeddings.store(insight, vector)
    set_search_words(insight, tags)


def set_search_words(insight, tags):
    """What search matches for the insight: its shared text and its tags (search.py)."""
    insight.search_words = words.indexed(insight.summary_redacted, insight.quote_redacted, *map(str, tags))


def reindex_words(batch_size=2000):
    """Make every insight's search words again (after words.py changes). Returns how many changed."""
    changed = 0
    queryset = Insight.objects.prefetch_related("tags").only("id", "summary_redacted", "quote_redacted", "search_words")
    for start in range(0, Insight.objects.count(), batch_size):
        batch = list(queryset.order_by("pk")[start:start + batch_size])
        stale = []
        for insight in batch:
            before = insight.search_words
            set_search_words(insight, insight.tags.all())
            if insight.search_words != before:
                stale.append(insight)
        Insight.objects.bulk_update(stale, ["search_words"])
        changed += len(stale)
    return changed


def _flags(summary, quote, tags):
    return personal_data.flags_for(("summary", summary), ("quote", quote), *[("tags", str(tag)) for tag in tags])


def _tag_names(tags):
    return sorted(str(tag) for tag in tags)


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
    changed_tags = insight is None or _tag_names(insight.tags.all()) != _tag_names(tags)
    if vector is None and embed and changed_text:
        vectors = embeddings.encode([personal_data.redact(summary)])
        vector = vectors[0] if vectors is not None else None
    with transaction.atomic(), audit.acting_as(by or audit.current_actor()):
        if insight is None:
            insight = Insight(conversation=conversation, recorded_by=by, organisation=conversation.organisation,
                              import_key=import_key)
        insight.kind, insight.quote_consent, insight.neighbourhood = kind, quote_consent, neighbourhood
        if changed_text:
            set_text(insight, summary, quote, vector, tags)
        elif changed_tags:  # new tags are shared text too: checked, and confirmed again
            insight.personal_data = _flags(summary, quote, tags)
            insight.confirmed_at = insight.confirmed_by = None
            set_search_words(insight, tags)
        insight.save()
        insight.lsoas.set(lsoas)
        insight.communities.set(communities)
        insight.themes.set(themes)
        insight.tags.set(tags)
    return insight


def review_redaction(insight, *, by, summary_redacted, quote_redacted, tags=None):
    """The corrected redaction (and tags, if given), confirmed: what people beyond the organisation then see."""
    summary_redacted = (summary_redacted or "").strip()[:_longest("summary_redacted")]
    if not summary_redacted:
        raise InsightInvalid("The shared summary cannot be empty.")
    vectors = embeddings.encode([summary_redacted])
    with transaction.atomic(), audit.acting_as(by):
        insight.summary_redacted = summary_redacted
        insight.quote_redacted = (quote_redacted or "").strip()[:_longest("quote_redacted")]
        if vectors is not None:
            embeddings.store(insight, vectors[0])
        if tags is not None:
            before = _tag_names(insight.tags.all())
            insight.tags.set(tags)
            audit.m2m_changed_record(insight, "tags", before, _tag_names(tags))
            insight.personal_data = _flags(insight.summary, insight.quote, tags)
        set_search_words(insight, insight.tags.all() if tags is None else tags)
        _confirm(insight, by)
    return insight


def review_conversation_redaction(conversation, *, by, title_redacted, description_redacted):
    """The corrected title and description, confirmed: what people beyond the organisation then see."""
    title_redacted = (title_redacted or "").strip()[:200]
    if not title_redacted:
        raise InsightInvalid("The shared title cannot be empty.")
    with transaction.atomic(), audit.acting_as(by):
        conversation.title_redacted = title_redacted
        conversation.description_redacted = (description_redacted or "").strip()
        _confirm(conversation, by)
    return conversation


def _confirm(record, by):
    record.confirmed_at, record.confirmed_by = timezone.now(), by
    record.save()


# Confirming before sharing


class NotYours(PermissionError):
    """Asked to confirm something this person may not confirm."""


def awaiting(model, user):
    """What this person may confirm and nobody has yet (a queryset of Insight or Conversation), oldest first."""
    records = model.objects.filter(confirmed_at__isnull=True)
    return scope_of(records.model).filter(records, user, "insight.confirm").order_by("created_at", "pk")


@transaction.atomic
def confirm(*, by, insights=(), conversations=()):
    """Confirm the redaction of these insights and conversations (ids): from now on they are shared.
    All or none: refused whole when any is not the person's to confirm. Returns how many were confirmed."""
    done = 0
    with audit.acting_as(by):
        for model, ids in ((Insight, insights), (Conversation, conversations)):
            records = list(model.objects.filter(pk__in=ids))
            if len(records) != len(set(ids)) or not all(can(by, "insight.confirm", r) for r in records):
                raise NotYours("You may confirm only the insights and conversations of your own organisation "
                               "or, as an officer, of your council's areas.")
            for record in records:
                if not record.confirmed:
                    _confirm(record, by)
                    done += 1
    return done


def confirm_as_system(records):
    """The labelled sample data: confirmed by no person, after the detector's redaction."""
    with audit.acting_as(None):
        for record in records:
            _confirm(record, None)


# Links to assets (and, later, actions and funding call-outs)


def linkable_assets(insight, user, limit=200):
    """Assets in the insight's places that this person may see, for the link form."""
    from healthyplaces.assets.services import visible_to

    codes = list(insight.lsoas.values_list("code", flat=True))
    return visible_to(user).filter(lsoa_code__in=codes).exclude(insights=insight).order_by("name")[:limit]


def linked_assets(insight, user):
    """The assets linked to the insight that this person may see (another partner's draft is not shown)."""
    from healthyplaces.assets.services import visible_to

    return visible_to(user).filter(insights=insight).order_by("name")


def venues(user, limit=500):
    """Assets this person may see, that can be a conversation's venue (the first 500 by name)."""
    from healthyplaces.assets.services import visible_to

    first = visible_to(user).order_by("name").values_list("pk", flat=True)[:limit]
    return visible_to(user).filter(pk__in=list(first)).order_by("name")


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
    linked = sharing.visible(asset.insights.select_related("conversation"), user)
    return shown_all(linked.order_by("-conversation__held_on"), user)


def waiting_for_vectors():
    """How many insights have no vector for "similar insights" yet."""
    return Insight.objects.filter(embedding__isnull=True).count()


def embed_missing(batch_size=256, progress=None):
    """Embed every insight that has no vector yet (after installing the model). Returns how many.

    Each batch is saved as it is done (`progress(count)` hears of it), so a run stopped half-way keeps
    what it embedded and the next run carries on from there."""
    done = 0
    while embeddings.available():
        batch = list(Insight.objects.filter(embedding__isnull=True).order_by("pk")[:batch_size])
        if not batch:
            break
        vectors = embeddings.encode([i.summary_redacted for i in batch])
        for insight, vector in zip(batch, vectors):
            embeddings.store(insight, vector)
        # Not updated_at: a vector is not an edit. Running processes see embedded_at change.
        Insight.objects.bulk_update(batch, ["embedding", "embedded_at"])
        done += len(batch)
        if progress:
            progress(len(batch))
    return done


# Who sees what


def may_see_unredacted(user, insight):
    return can(user, "insight.view_unredacted", insight)


@dataclass
class ConversationForReader:
    """A conversation as one person may see it: beyond its organisation, the redacted title and
    description once confirmed, and before that only what kind of conversation it was."""

    conversation: Conversation
    title: str
    description: str
    unredacted: bool

    def __getattr__(self, name):
        return getattr(self.conversation, name)


def shown_conversation(conversation, user):
    if can(user, "insight.view_unredacted", conversation):
        return ConversationForReader(conversation, conversation.title, conversation.description, True)
    if conversation.confirmed:
        return ConversationForReader(conversation, conversation.title_redacted, conversation.description_redacted, False)
    return ConversationForReader(conversation, f"{conversation.get_kind_display()} (title not yet shared)", "", False)


@dataclass
class InsightForReader:
    """An insight as one person may see it (the caller has checked that the person may see it at all)."""

    insight: Insight
    summary: str
    quote: str
    unredacted: bool
    conversation_title: str

    def __getattr__(self, name):
        return getattr(self.insight, name)


def shown(insight, user):
    return shown_all([insight], user)[0]


def _shown(insight, user):
    title = shown_conversation(insight.conversation, user).title
    if may_see_unredacted(user, insight):
        return InsightForReader(insight, insight.summary, insight.quote, True, title)
    quote = insight.quote_redacted if insight.quote_consent else ""
    return InsightForReader(insight, insight.summary_redacted, quote, False, title)


def shown_all(insights, user):
    """The insights as this person may see them; reads of unredacted text are audited."""
    rows = [_shown(i, user) for i in insights]
    audit.record_read(user, [row.insight for row in rows if row.unredacted], "unredacted text")
    return rows


def similar(insight, user, limit=5):
    """Insights that say something like this one, of those the person may see; None if unavailable."""
    if not embeddings.available() or insight.embedding is None:
        return None
    # Ask for more than needed: some of the nearest may not be shared with this person.
    pairs = embeddings.nearest(embeddings.from_bytes(insight.embedding), limit=limit * 3, exclude={insight.pk})
    found = sharing.visible(Insight.objects.select_related("conversation"), user).in_bulk([pk for pk, _ in pairs])
    return [(shown(found[pk], user), score) for pk, score in pairs if pk in found][:limit]


# Summaries


def summary(filters, user, quotes=3):
    """Themes raised with counts, trend by quarter, and the newest example quotes that may be shared,
    of the insights this person may see."""
    found = search.find(filters, user=user)
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


def area_summary(area, user):
    return summary(search.Filters(lsoa_codes=list(area.lsoas().values_list("code", flat=True))), user)


def community_summary(community, user):
    return summary(search.Filters(communities=[community.slug]), user)


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


def missing_voices(area, user):
    """For each community the platform knows: its share of the area's insights (those this person may
    see) against its share of the population where known, flagging those unheard (no insights, or far
    fewer than their share)."""
    codes = list(area.lsoas().values_list("code", flat=True))
    found = search.find(search.Filters(lsoa_codes=codes), user=user)
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
