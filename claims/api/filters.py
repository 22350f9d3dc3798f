"""The filters of the API contract. References are given as slugs (and article keys)."""

import django_filters as filters
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value

from claims.choices import (
    ContradictionKind,
    ContradictionStatus,
    ReviewStatus,
    SpeakerKind,
    SpeechMode,
    Stance,
)
from claims.models import Claim, Contradiction, Event, Speaker, SpeakerAlias, Statement, StatementVia, Topic
from sources.models import Article, Outlet
from summit.api.filtersets import FilterSet
from summit.api.references import IdFilter, id_named, id_of
from summit.api.search import SearchFilterSet, long_search
from summit.text import folded_contains

# Speakers or topics a term names, listed as constants for the planner; more are left a subquery.
LISTED_RELATED = 2_000


def own_conditions(value: str, *, listed: bool = False, joined: bool = True) -> list[Q]:
    """The ways a claim matches `value` by its own row: summary, topic, speaker (any alias).

    `listed`: the speakers and topics matching `value` are read first (`related_ids`) and given
    as constants, and a way through none of them is left out. Behind a subquery the planner
    assumes a term names a speaker or two whatever it names: under another filter it walked
    the claims for a topic's way that no topic matched, reading all 330 000 neutral claims for
    `?stance=neutral&q=nga my` (430 ms at a million claims). `joined`: see `folded_contains`."""
    conditions = [
        folded_contains("summary", value, joined=joined),
        folded_contains("summary_vi", value, joined=joined),
    ]
    speakers, topics = related_ids(value) if listed else (None, None)
    for field, ids, matching in (
        ("speaker", speakers, speakers_matching),
        ("topic", topics, topics_matching),
    ):
        if ids is None:
            conditions.append(Q(**{f"{field}__in": matching(value)}))
        elif ids:
            conditions.append(Q(**{f"{field}_id__in": ids}))
    return conditions


def search_conditions(value: str, *, listed: bool = False, joined: bool = True) -> list[Q]:
    """A claim matches `value` by its summary, its topic, its speaker (any alias) or a quote."""
    quotes = Statement.objects.filter(folded_contains("quote", value, joined=joined), claim=OuterRef("pk"))
    return [*own_conditions(value, listed=listed, joined=joined), Q(Exists(quotes))]


def related_ids(value: str) -> tuple[list[int] | None, list[int] | None]:
    """The ids of the speakers (by name or alias) and of the topics matching `value`, in one
    query; None for either when it names more than `LISTED_RELATED`."""
    speakers: list[int] = []
    topics: list[int] = []
    rows = [
        arm.order_by()[: LISTED_RELATED + 1]
        for arm in (
            Speaker.objects.filter(folded_contains("name", value)).values_list(
                Value(True, BooleanField()), "id"
            ),
            SpeakerAlias.objects.filter(folded_contains("name", value)).values_list(
                Value(True, BooleanField()), "speaker_id"
            ),
            Topic.objects.filter(folded_contains("name", value)).values_list(
                Value(False, BooleanField()), "id"
            ),
            Topic.objects.filter(folded_contains("name_vi", value)).values_list(
                Value(False, BooleanField()), "id"
            ),
        )
    ]
    for is_speaker, pk in rows[0].union(*rows[1:]):  # a row of each arm at most LISTED_RELATED + 1
        (speakers if is_speaker else topics).append(pk)
    return (
        speakers if len(speakers) <= LISTED_RELATED else None,
        topics if len(topics) <= LISTED_RELATED else None,
    )


def claims_matching(value: str) -> Q:
    """Claims matching `value` in any way, as one condition: for detail routes, where it tests
    one claim."""
    found = Q()
    for condition in search_conditions(value, joined=False):  # one row to test: no index to read
        found |= condition
    return found


def claim_ids_matching(value: str, *, joined: bool = True):
    """The ids of every claim matching `value` (exports): one query per way, unioned, each read
    from its own index. The one condition of `claims_matching` tested each claim in turn: an
    export took 11 s at 1M for a word found nowhere, 9.4 s for "Vladivostok" (now 0.5 and 0.9 s)."""
    # The quotes are read from their own table: as a claim's EXISTS, each claim would be tested.
    ways: list[QuerySet] = [
        Claim.objects.filter(condition).values("id") for condition in own_conditions(value, joined=joined)
    ]
    ways.append(Statement.objects.filter(folded_contains("quote", value, joined=joined)).values("claim_id"))
    first, *others = (way.order_by() for way in ways)
    return first.union(*others)


# Unions rather than ORs: the planner estimates each arm from its own trigram index's statistics,
# so it knows whether a word names two speakers or a hundred topics and plans the claims accordingly.
def speakers_matching(value: str):
    # order_by(): the models' default orderings would make each arm sort for nothing.
    aliases = SpeakerAlias.objects.filter(folded_contains("name", value)).order_by().values("speaker_id")
    return Speaker.objects.filter(folded_contains("name", value)).order_by().values("id").union(aliases)


def topics_matching(value: str):
    in_vietnamese = Topic.objects.filter(folded_contains("name_vi", value)).order_by().values("id")
    return Topic.objects.filter(folded_contains("name", value)).order_by().values("id").union(in_vietnamese)


class SpeakerFilter(SearchFilterSet):
    kind = filters.ChoiceFilter(choices=SpeakerKind.choices)
    q = filters.CharFilter(
        method="filter_q", help_text="Matches the name or any alias, ignoring case, diacritics and đ/d."
    )

    class Meta:
        model = Speaker
        fields = ["q", "kind", "country"]

    def search(self, queryset, value):
        return queryset.filter(id__in=speakers_matching(value))


class TopicFilter(SearchFilterSet):
    class Meta:
        model = Topic
        fields = ["q"]

    def search(self, queryset, value):
        return queryset.filter(id__in=topics_matching(value))


class ClaimFilter(SearchFilterSet):
    speaker = filters.CharFilter(method="filter_speaker", help_text="Speaker slug.")
    topic = filters.CharFilter(method="filter_topic", help_text="Topic slug.")
    key = filters.CharFilter(help_text="The claim's stable key (as given by an import).")
    stance = filters.ChoiceFilter(choices=Stance.choices)
    event = filters.CharFilter(method="filter_event", help_text="Event slug.")
    article = filters.CharFilter(method="filter_article", help_text="Key of an article reporting the claim.")
    outlet = filters.CharFilter(
        method="filter_outlet", help_text="Slug of an outlet that published the claim."
    )
    status = filters.ChoiceFilter(choices=ReviewStatus.choices)
    said_after = filters.DateFilter(
        field_name="said_on", lookup_expr="gte", help_text="On or after (YYYY-MM-DD)."
    )
    said_before = filters.DateFilter(
        field_name="said_on",
        lookup_expr="lte",
        help_text="On or before (YYYY-MM-DD); earlier than `said_after` is a 400.",
    )
    has_contradictions = filters.BooleanFilter(method="filter_has_contradictions")
    q = long_search(
        "Searches summaries, quotes, topics and speaker aliases, ignoring case, diacritics and đ/d."
    )

    ranges = (("said_after", "said_before"),)

    class Meta:
        model = Claim
        fields = [
            "speaker", "topic", "stance", "event", "article", "outlet", "status", "q", "said_after", "said_before",
            "has_contradictions", "key",
        ]  # fmt: skip

    def filter_speaker(self, queryset, name, value):
        # The speaker's id read first: a speaker's share of the claims ranges from one to
        # thousands, and behind a subquery PostgreSQL plans every speaker as the average one.
        speaker = id_named(Speaker, "slug", value)
        return queryset.none() if speaker is None else queryset.filter(speaker_id=speaker)

    def filter_topic(self, queryset, name, value):
        return queryset.filter(topic_id=id_of(Topic, "slug", value))

    def filter_event(self, queryset, name, value):
        return queryset.filter(event_id=id_of(Event, "slug", value))

    def filter_article(self, queryset, name, value):
        return queryset.filter(Exists(Statement.objects.filter(claim=OuterRef("pk"), article__key=value)))

    def filter_outlet(self, queryset, name, value):
        outlet = id_named(Outlet, "slug", value)
        if outlet is None:
            return queryset.none()
        # The statements' copy of their article's outlet: one look-up per claim, not a join.
        return queryset.filter(id__in=Statement.objects.filter(outlet_id=outlet).values("claim_id"))

    def filter_has_contradictions(self, queryset, name, value):
        # The count the database keeps on the row (claims/triggers.py), tested as a page walks.
        return queryset.filter(**{"standing_contradictions__gt" if value else "standing_contradictions": 0})

    def search(self, queryset, value):
        return queryset.filter(id__in=claim_ids_matching(value))


class StatementFilter(SearchFilterSet):
    speaker = filters.CharFilter(method="filter_speaker", help_text="Slug of the claim's speaker.")
    article = filters.CharFilter(method="filter_article", help_text="Article key.")
    outlet = filters.CharFilter(method="filter_outlet", help_text="Slug of the article's outlet.")
    via = filters.CharFilter(method="filter_via", help_text="Slug of an outlet or speaker in the chain.")
    mode = filters.ChoiceFilter(choices=SpeechMode.choices)
    claim = IdFilter(field_name="claim_id", help_text="Claim id.")
    status = filters.ChoiceFilter(choices=ReviewStatus.choices)
    q = long_search("Searches quotes, ignoring case, diacritics and đ/d.")

    class Meta:
        model = Statement
        fields = ["speaker", "article", "outlet", "via", "mode", "claim", "status", "q"]

    def filter_speaker(self, queryset, name, value):
        # The statement's copy of its claim's speaker, walked by its (speaker, id) index, the
        # speaker's id read first (as for claims). Through the claim, a busy speaker's page would
        # collect and sort all its statements.
        speaker = id_named(Speaker, "slug", value)
        return queryset.none() if speaker is None else queryset.filter(speaker_id=speaker)

    def filter_article(self, queryset, name, value):
        return queryset.filter(article_id=id_of(Article, "key", value))

    def filter_outlet(self, queryset, name, value):
        outlet = id_named(Outlet, "slug", value)
        if outlet is None:
            return queryset.none()
        # The statement's copy of its article's outlet, walked by its (outlet, id) index.
        return queryset.filter(outlet_id=outlet)

    def filter_via(self, queryset, name, value):
        # The outlet's and the speaker's ids read first, and only a way that names a row kept:
        # then the chains are walked by their (outlet or speaker, statement) index in page order.
        # Behind subqueries PostgreSQL walks every link to find a slug that names nothing.
        named = Q()
        for field, model in (("outlet_id", Outlet), ("speaker_id", Speaker)):
            if (pk := id_named(model, "slug", value)) is not None:
                named |= Q(**{field: pk})
        if not named:
            return queryset.none()
        return queryset.filter(id__in=StatementVia.objects.filter(named).values("statement_id"))

    def search(self, queryset, value):
        return queryset.filter(folded_contains("quote", value))


class ContradictionFilter(FilterSet):
    topic = filters.CharFilter(field_name="claim_a__topic__slug", help_text="Topic slug.")
    speaker = filters.CharFilter(method="filter_speaker", help_text="Slug of the speaker of either claim.")
    kind = filters.ChoiceFilter(choices=ContradictionKind.choices)
    status = filters.ChoiceFilter(choices=ContradictionStatus.choices)

    class Meta:
        model = Contradiction
        fields = ["topic", "speaker", "kind", "status"]

    def filter_speaker(self, queryset, name, value):
        # Two index look-ups in a union. OR-ed across two joins, the condition made PostgreSQL
        # join every contradiction to both its claims and their speakers (470 ms at 1M claims).
        claims = Claim.objects.filter(speaker_id=id_of(Speaker, "slug", value)).order_by().values("id")
        as_a = Contradiction.objects.filter(claim_a_id__in=claims).order_by().values("id")
        as_b = Contradiction.objects.filter(claim_b_id__in=claims).order_by().values("id")
        return queryset.filter(id__in=as_a.union(as_b))
