"""The filters of the API contract. References are given as slugs (and article keys)."""

import django_filters as filters
from django.db.models import Exists, OuterRef, Q

from claims.choices import (
    ContradictionKind,
    ContradictionStatus,
    ReviewStatus,
    SpeakerKind,
    SpeechMode,
    Stance,
)
from claims.models import Claim, Contradiction, Speaker, SpeakerAlias, Statement, StatementVia, Topic
from summit.api.search import SearchFilterSet, folded_contains


def claims_matching(value: str):
    """Ids of claims whose summary, topic, speaker (any alias) or a quote matches `value`."""
    speakers = speakers_matching(value)
    topics = Topic.objects.filter(folded_contains("name", value) | folded_contains("name_vi", value))
    quotes = Statement.objects.filter(folded_contains("quote", value)).values("claim_id")
    return (
        folded_contains("summary", value)
        | folded_contains("summary_vi", value)
        | Q(speaker__in=speakers)
        | Q(topic__in=topics)
        | Q(id__in=quotes)
    )


def speakers_matching(value: str):
    aliases = SpeakerAlias.objects.filter(folded_contains("name", value)).values("speaker_id")
    return Speaker.objects.filter(folded_contains("name", value) | Q(id__in=aliases)).values("id")


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
        return queryset.filter(folded_contains("name", value) | folded_contains("name_vi", value))


class ClaimFilter(SearchFilterSet):
    speaker = filters.CharFilter(field_name="speaker__slug", help_text="Speaker slug.")
    topic = filters.CharFilter(field_name="topic__slug", help_text="Topic slug.")
    key = filters.CharFilter(help_text="The claim's stable key (as given by an import).")
    stance = filters.ChoiceFilter(choices=Stance.choices)
    event = filters.CharFilter(field_name="event__slug", help_text="Event slug.")
    article = filters.CharFilter(method="filter_article", help_text="Key of an article reporting the claim.")
    outlet = filters.CharFilter(
        method="filter_outlet", help_text="Slug of an outlet that published the claim."
    )
    status = filters.ChoiceFilter(choices=ReviewStatus.choices)
    said_after = filters.DateFilter(
        field_name="said_on", lookup_expr="gte", help_text="On or after (YYYY-MM-DD)."
    )
    said_before = filters.DateFilter(
        field_name="said_on", lookup_expr="lte", help_text="On or before (YYYY-MM-DD)."
    )
    has_contradictions = filters.BooleanFilter(method="filter_has_contradictions")
    q = filters.CharFilter(
        method="filter_q",
        help_text="Searches summaries, quotes, topics and speaker aliases, ignoring case, diacritics and đ/d.",
    )

    class Meta:
        model = Claim
        fields = [
            "speaker", "topic", "stance", "event", "article", "outlet", "status", "q", "said_after", "said_before",
            "has_contradictions", "key",
        ]  # fmt: skip

    def filter_article(self, queryset, name, value):
        return queryset.filter(Exists(Statement.objects.filter(claim=OuterRef("pk"), article__key=value)))

    def filter_outlet(self, queryset, name, value):
        return queryset.filter(
            Exists(Statement.objects.filter(claim=OuterRef("pk"), article__outlet__slug=value))
        )

    def filter_has_contradictions(self, queryset, name, value):
        involved = Exists(
            Contradiction.objects.filter(Q(claim_a=OuterRef("pk")) | Q(claim_b=OuterRef("pk"))).exclude(
                status=ContradictionStatus.DISMISSED
            )
        )
        return queryset.filter(involved if value else ~involved)

    def search(self, queryset, value):
        return queryset.filter(claims_matching(value))


class StatementFilter(SearchFilterSet):
    speaker = filters.CharFilter(field_name="claim__speaker__slug", help_text="Slug of the claim's speaker.")
    article = filters.CharFilter(field_name="article__key", help_text="Article key.")
    outlet = filters.CharFilter(field_name="article__outlet__slug", help_text="Slug of the article's outlet.")
    via = filters.CharFilter(method="filter_via", help_text="Slug of an outlet or speaker in the chain.")
    mode = filters.ChoiceFilter(choices=SpeechMode.choices)
    claim = filters.NumberFilter(field_name="claim_id", help_text="Claim id.")
    status = filters.ChoiceFilter(choices=ReviewStatus.choices)
    q = filters.CharFilter(method="filter_q", help_text="Searches quotes, ignoring case, diacritics and đ/d.")

    class Meta:
        model = Statement
        fields = ["speaker", "article", "outlet", "via", "mode", "claim", "status", "q"]

    def filter_via(self, queryset, name, value):
        links = StatementVia.objects.filter(
            Q(outlet__slug=value) | Q(speaker__slug=value), statement=OuterRef("pk")
        )
        return queryset.filter(Exists(links))

    def search(self, queryset, value):
        return queryset.filter(folded_contains("quote", value))


class ContradictionFilter(filters.FilterSet):
    topic = filters.CharFilter(field_name="claim_a__topic__slug", help_text="Topic slug.")
    speaker = filters.CharFilter(method="filter_speaker", help_text="Slug of the speaker of either claim.")
    kind = filters.ChoiceFilter(choices=ContradictionKind.choices)
    status = filters.ChoiceFilter(choices=ContradictionStatus.choices)

    class Meta:
        model = Contradiction
        fields = ["topic", "speaker", "kind", "status"]

    def filter_speaker(self, queryset, name, value):
        return queryset.filter(Q(claim_a__speaker__slug=value) | Q(claim_b__speaker__slug=value))
