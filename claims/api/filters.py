"""The filters of the API contract. References are given as slugs (and article keys)."""

import django_filters as filters
from django.db.models import Exists, OuterRef, Q

from claims.choices import (
    ContradictionKind,
    ContradictionStatus,
    ReviewStatus,
    SpeakerKind,
    SpeakerStatus,
    SpeechMode,
    Stance,
)
from claims.models import Claim, Contradiction, Event, Speaker, Statement, StatementVia, Topic
from claims.selectors import (
    contradicted,
    search_claims,
    search_speakers,
    search_statements,
    search_topics,
    visible_statements,
)
from core.api.filtersets import BooleanFilter, FilterSet
from core.api.references import IdFilter, id_named, id_of
from core.api.search import SearchFilter, SearchFilterSet
from sources.models import Article, Outlet


def status_help(published: str) -> str:
    """A `status` filter's help: it filters what the reader sees."""
    return (
        f"For fact-checkers, who see every status. Anyone else sees `{published}` rows alone: "
        "another status gives an empty page."
    )


class SpeakerFilter(SearchFilterSet):
    kind = filters.ChoiceFilter(choices=SpeakerKind.choices)
    status = filters.ChoiceFilter(
        choices=SpeakerStatus.choices, help_text=status_help(SpeakerStatus.CONFIRMED)
    )
    q = SearchFilter(search_speakers, help_text="Searches names, slugs, roles and every alias.")

    class Meta:
        model = Speaker
        fields = ["q", "kind", "country", "status"]


class TopicFilter(SearchFilterSet):
    q = SearchFilter(search_topics, help_text="Searches names in either language and slugs.")

    class Meta:
        model = Topic
        fields = ["q"]


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
    status = filters.ChoiceFilter(choices=ReviewStatus.choices, help_text=status_help(ReviewStatus.VERIFIED))
    said_after = filters.DateFilter(
        field_name="said_on", lookup_expr="gte", help_text="On or after (YYYY-MM-DD)."
    )
    said_before = filters.DateFilter(
        field_name="said_on",
        lookup_expr="lte",
        help_text="On or before (YYYY-MM-DD); earlier than `said_after` is a 400.",
    )
    has_contradictions = BooleanFilter(
        method="filter_has_contradictions",
        help_text="Whether a contradiction the reader sees, other than a dismissed one, names the claim.",
    )
    q = SearchFilter(
        search_claims,
        help_text="Searches summaries (English and Vietnamese), speakers (every alias), topics and keys.",
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

    # A claim is found through the statements the reader sees of it: an unpublished statement
    # does not tell that the claim was reported there.
    def filter_article(self, queryset, name, value):
        statements = visible_statements(self.request.user, of_visible_claims=True)
        return queryset.filter(Exists(statements.filter(claim=OuterRef("pk"), article__key=value)))

    def filter_outlet(self, queryset, name, value):
        outlet = id_named(Outlet, "slug", value)
        if outlet is None:
            return queryset.none()
        # The statements' copy of their article's outlet: one look-up per claim, not a join.
        statements = visible_statements(self.request.user, of_visible_claims=True).filter(outlet_id=outlet)
        return queryset.filter(id__in=statements.values("claim_id"))

    def filter_has_contradictions(self, queryset, name, value):
        # The count the database keeps on the row (claims/triggers.py), tested as a page walks.
        contested = contradicted(self.request.user)
        return queryset.filter(contested if value else ~contested)


class StatementFilter(SearchFilterSet):
    speaker = filters.CharFilter(method="filter_speaker", help_text="Slug of the claim's speaker.")
    article = filters.CharFilter(method="filter_article", help_text="Article key.")
    outlet = filters.CharFilter(method="filter_outlet", help_text="Slug of the article's outlet.")
    via = filters.CharFilter(method="filter_via", help_text="Slug of an outlet or speaker in the chain.")
    mode = filters.ChoiceFilter(choices=SpeechMode.choices)
    claim = IdFilter(field_name="claim_id", help_text="Claim id.")
    status = filters.ChoiceFilter(choices=ReviewStatus.choices, help_text=status_help(ReviewStatus.VERIFIED))
    q = SearchFilter(
        search_statements,
        help_text="Searches quotes, claim summaries, speakers (every alias), article titles and keys.",
    )

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


class ContradictionFilter(FilterSet):
    topic = filters.CharFilter(field_name="claim_a__topic__slug", help_text="Topic slug.")
    speaker = filters.CharFilter(method="filter_speaker", help_text="Slug of the speaker of either claim.")
    kind = filters.ChoiceFilter(choices=ContradictionKind.choices)
    status = filters.ChoiceFilter(
        choices=ContradictionStatus.choices, help_text=status_help(ContradictionStatus.CONFIRMED)
    )

    class Meta:
        model = Contradiction
        fields = ["topic", "speaker", "kind", "status"]

    def filter_speaker(self, queryset, name, value):
        # Two index look-ups in a union. OR-ed across two joins, the condition made PostgreSQL
        # join every contradiction to both its claims and their speakers.
        claims = Claim.objects.filter(speaker_id=id_of(Speaker, "slug", value)).order_by().values("id")
        as_a = Contradiction.objects.filter(claim_a_id__in=claims).order_by().values("id")
        as_b = Contradiction.objects.filter(claim_b_id__in=claims).order_by().values("id")
        return queryset.filter(id__in=as_a.union(as_b))
