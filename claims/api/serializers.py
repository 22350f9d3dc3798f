"""Claims, statements and contradictions as the API contract shapes them."""

import functools

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.choices import ContradictionStatus, ReviewStatus
from claims.models import (
    Claim,
    ClaimSuggestion,
    Contradiction,
    Event,
    Note,
    Speaker,
    Statement,
    Topic,
    Verdict,
)
from claims.services import statements as statement_service
from claims.services.claims import create_claim, update_claim
from claims.services.review import review_contradiction
from claims.services.speakers import alias_clashes, set_aliases
from core.api.fields import (
    FACT_CHECKERS_ONLY,
    FactCheckersOnlyMixin,
    ModelSerializer,
    RefField,
    SlugRefSerializer,
    StrictFieldsMixin,
    TextField,
    brief,
    english_text,
)
from sources.models import Article, Outlet


@functools.cache
def _one(serializer_class):
    # One instance per nested serializer, reused for every row: building a serializer (and
    # binding its fields) per row cost more than the rows themselves on long pages.
    return serializer_class()


class AliasesField(serializers.ListField):
    def get_attribute(self, instance):
        # Read as `alias_names` (claims.api.querysets.speakers); a speaker just written reads them anew.
        names = getattr(instance, "alias_names", None)
        if names is None:
            names = instance.aliases.order_by("name").values_list("name", flat=True)
        return list(names)


class ThreadSerializer(FactCheckersOnlyMixin, serializers.ListSerializer):
    def get_attribute(self, instance):
        # Read as `thread` by a page (claims.api.querysets.with_notes); a single record reads it here.
        notes = super().get_attribute(instance)
        thread = getattr(instance, "thread", None)
        return notes.all() if thread is None else thread


class NoteSerializer(StrictFieldsMixin, ModelSerializer):
    """One note of a record's thread; a note is added, never changed."""

    author = serializers.CharField(
        source="author_name",
        read_only=True,
        help_text="Username of who wrote it, kept when the account is deleted; empty when unknown.",
    )
    text = TextField(max_length=10_000, help_text="The note, as written.")

    class Meta:
        model = Note
        fields = ["id", "author", "text", "created_at"]
        read_only_fields = ["id", "created_at"]
        list_serializer_class = ThreadSerializer


def notes_field() -> NoteSerializer:
    return NoteSerializer(
        many=True,
        read_only=True,
        help_text=f"{FACT_CHECKERS_ONLY} The record's notes, oldest first; absent for other readers and in "
        "representations nested in another resource's. Add one by POST to the record's `notes/`.",
    )


class SpeakerSerializer(StrictFieldsMixin, ModelSerializer):
    """A person or an institution, with every spelling the sources use for it."""

    affiliation = RefField(queryset=Speaker.objects.all(), allow_null=True, required=False)
    outlet = RefField(queryset=Outlet.objects.all(), allow_null=True, required=False)
    aliases = AliasesField(
        child=TextField(max_length=200), required=False, max_length=200,
        help_text="Every spelling sources use for this speaker. On write, replaces the list.",
    )  # fmt: skip

    class Meta:
        model = Speaker
        fields = [
            "slug",
            "name",
            "kind",
            "role",
            "country",
            "affiliation",
            "outlet",
            "wikidata_id",
            "status",
            "aliases",
        ]

    def validate_aliases(self, value):
        clash = alias_clashes(value, speaker=self.instance)
        if clash:
            raise serializers.ValidationError(clash)
        return value

    # The speaker and its aliases are written in one transaction: an alias refused by the
    # database (another speaker's, stored meanwhile) leaves no speaker without it behind.
    @transaction.atomic
    def create(self, validated_data):
        aliases = validated_data.pop("aliases", [])
        speaker = super().create(validated_data)
        set_aliases(speaker, aliases)
        return speaker

    @transaction.atomic
    def update(self, instance, validated_data):
        aliases = validated_data.pop("aliases", None)
        speaker = super().update(instance, validated_data)
        if aliases is not None:
            set_aliases(speaker, aliases)
            vars(speaker).pop("alias_names", None)  # read before the write: answer the new ones
        return speaker


class EventSerializer(StrictFieldsMixin, ModelSerializer):
    """A summit, call or meeting that claims were made at or about."""

    name_en = english_text("name")

    class Meta:
        model = Event
        fields = [
            "slug", "name", "name_en", "name_vi", "starts_on", "ends_on", "starts_at", "ends_at", "location",
            "description",
        ]  # fmt: skip

    def validate(self, attrs):
        for start, end in (("starts_on", "ends_on"), ("starts_at", "ends_at")):
            starts = attrs.get(start, getattr(self.instance, start, None))
            ends = attrs.get(end, getattr(self.instance, end, None))
            if starts and ends and ends < starts:
                raise serializers.ValidationError({end: gettext("An event cannot end before it starts.")})
        return attrs


class TopicSerializer(StrictFieldsMixin, ModelSerializer):
    """A proposition claims support or oppose."""

    name_en = english_text("name")

    class Meta:
        model = Topic
        fields = ["slug", "name", "name_en", "name_vi", "description"]


class VerdictSerializer(StrictFieldsMixin, ModelSerializer):
    """A fact-checker's rating of a claim (normalised as false, mixture, true or other)."""

    reviewer: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Username of the fact-checker."
    )

    class Meta:
        model = Verdict
        fields = [
            "rating", "textual_rating", "explanation", "published", "reviewer", "reviewed_on", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["updated_at"]
        extra_kwargs = {
            "reviewed_on": {"required": False, "help_text": "Defaults to today."},
            "published": {
                "help_text": "Whether the public sees the verdict (once its claim is verified). "
                "Unpublished until a fact-checker publishes it."
            },
        }


class ClaimSerializer(StrictFieldsMixin, ModelSerializer):
    """One assertion of one speaker on one topic. References are written as slugs and read as objects."""

    speaker = RefField(queryset=Speaker.objects.all())
    topic = RefField(queryset=Topic.objects.all())
    event = RefField(queryset=Event.objects.all(), allow_null=True, required=False)
    summary_en = english_text("summary")
    verdict = serializers.SerializerMethodField()
    notes = notes_field()

    class Meta:
        model = Claim
        fields = [
            "id", "key", "speaker", "topic", "stance", "summary", "summary_en", "summary_vi", "event", "said_on",
            "status", "verdict", "notes", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "status", "created_at", "updated_at"]
        extra_kwargs = {"key": {"required": False}}

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, claim):
        # `verdict_shown`: whether the reader sees the verdict (claims.selectors.verdict_shown, as
        # claims.api.querysets.claims annotates it). A claim read otherwise has just been created,
        # and has no verdict yet.
        verdict = getattr(claim, "verdict", None) if getattr(claim, "verdict_shown", False) else None
        return _one(VerdictSerializer).to_representation(verdict) if verdict is not None else None

    def validate(self, attrs):
        summary = attrs.get("summary", self.instance.summary if self.instance else "")
        summary_vi = attrs.get("summary_vi", self.instance.summary_vi if self.instance else "")
        if not (summary or summary_vi):
            raise serializers.ValidationError(
                {"summary": [gettext("Give a summary, in English or in Vietnamese.")]}
            )
        return attrs

    def create(self, validated_data):
        return create_claim(**validated_data, user=self.context["request"].user)

    def update(self, instance, validated_data):
        return update_claim(instance, changes=validated_data)


class ChainSerializer(serializers.ListSerializer):
    def get_attribute(self, instance):
        # The chain as a list (claims.api.querysets.statements prefetches it so); a statement just
        # written reads it anew.
        chain = getattr(instance, "chain", None)
        return instance.via.all() if chain is None else chain


class ViaSerializer(serializers.Serializer):
    """One intermediary: exactly one of `outlet` and `speaker`."""

    class Meta:
        list_serializer_class = ChainSerializer

    outlet = RefField(queryset=Outlet.objects.all(), allow_null=True, required=False)
    speaker = RefField(queryset=Speaker.objects.all(), allow_null=True, required=False)

    def validate(self, attrs):
        if bool(attrs.get("outlet")) == bool(attrs.get("speaker")):
            raise serializers.ValidationError(gettext("Give exactly one of outlet and speaker."))
        return attrs


class StatementSerializer(StrictFieldsMixin, ModelSerializer):
    """One appearance of a claim in an article: `body[start:end] == quote` always holds."""

    claim = RefField(queryset=Claim.objects.all(), slug_field="id", display="summary")
    article = RefField(queryset=Article.objects.all(), slug_field="key", display="title")
    speaker = serializers.SerializerMethodField(help_text="The claim's speaker.")
    outlet = serializers.SerializerMethodField(help_text="The article's outlet.")
    via = ViaSerializer(many=True, required=False, help_text="Intermediaries, nearest to the article first.")
    start = serializers.IntegerField(
        min_value=0, required=False, help_text="Omit start and end to locate the quote's single occurrence."
    )
    end = serializers.IntegerField(min_value=1, required=False)
    notes = notes_field()

    class Meta:
        model = Statement
        fields = [
            "id", "quote", "start", "end", "mode", "via", "speaker", "article", "outlet", "claim", "status", "notes",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "status", "created_at", "updated_at"]
        # Uniqueness of (claim, article, start) is checked by the service once the span is located.
        validators: list = []

    @extend_schema_field(SlugRefSerializer)
    def get_speaker(self, statement):
        return brief(statement.claim.speaker)

    @extend_schema_field(SlugRefSerializer(allow_null=True))
    def get_outlet(self, statement):
        return brief(statement.article.outlet)

    def validate(self, attrs):
        article = attrs.get("article", getattr(self.instance, "article", None))
        quote = attrs.get("quote", getattr(self.instance, "quote", None))
        if "quote" in attrs or "article" in attrs or "start" in attrs or "end" in attrs:
            span_given = "start" in attrs or "end" in attrs
            start = attrs.get("start") if span_given else None
            end = attrs.get("end") if span_given else None
            try:
                attrs["start"], attrs["end"] = statement_service.locate(article, quote, start, end)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.message_dict) from exc
        return attrs

    def create(self, validated_data):
        via = validated_data.pop("via", [])
        return statement_service.create_statement(
            **validated_data,
            via=[(v.get("outlet"), v.get("speaker")) for v in via],
            user=self.context["request"].user,
        )

    def update(self, instance, validated_data):
        via = validated_data.pop("via", None)
        chain = None if via is None else [(v.get("outlet"), v.get("speaker")) for v in via]
        return statement_service.update_statement(instance, validated_data, via=chain)


class StatementBriefSerializer(serializers.ModelSerializer):
    article = RefField(read_only=True, slug_field="key", display="title")

    class Meta:
        model = Statement
        fields = ["id", "quote", "start", "end", "mode", "article"]


class AttributionStatementSerializer(StatementSerializer):
    published_on = serializers.DateField(source="article.published_on", read_only=True, allow_null=True)

    class Meta(StatementSerializer.Meta):
        fields = [*StatementSerializer.Meta.fields, "published_on"]


class AttributionSerializer(serializers.Serializer):
    claim = ClaimSerializer()
    first_appearance = AttributionStatementSerializer(allow_null=True, help_text="The earliest statement.")
    outlets = SlugRefSerializer(
        many=True, help_text="The distinct outlets that published the claim, earliest first."
    )
    statements = AttributionStatementSerializer(many=True, help_text="Ordered by publication date.")


class ClaimBriefSerializer(ModelSerializer):
    speaker = RefField(read_only=True)
    topic = RefField(read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "speaker", "topic", "stance", "summary", "status"]


class SuggestedClaimSerializer(ClaimBriefSerializer):
    class Meta(ClaimBriefSerializer.Meta):
        fields = [*ClaimBriefSerializer.Meta.fields, "summary_vi"]


class ClaimSuggestionSerializer(serializers.ModelSerializer):
    """An existing claim a statement of this claim may report too, and what a fact-checker decided."""

    statement = StatementBriefSerializer(read_only=True, help_text="The statement that may report it.")
    suggested_claim = SuggestedClaimSerializer(read_only=True)
    score = serializers.FloatField(
        read_only=True, help_text="Trigram similarity of the folded texts, from 0 to 1 (1: the same words)."
    )
    decided_by = serializers.CharField(
        source="decided_by.get_username", read_only=True, allow_null=True, default=None,
        help_text="Username of who decided; null while pending or once the account is deleted.",
    )  # fmt: skip

    class Meta:
        model = ClaimSuggestion
        fields = [
            "id",
            "statement",
            "suggested_claim",
            "score",
            "decision",
            "decided_by",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


class ContradictionSerializer(StrictFieldsMixin, ModelSerializer):
    """Two claims that cannot both hold; fact-checkers may change only `status`, and add notes."""

    topic = serializers.SerializerMethodField()
    claims = serializers.SerializerMethodField(
        help_text="Each claim once, lower id first: two for `opposing` and `reversal`; for a "
        "`discrepancy`, one when both its statements report the same claim, two otherwise."
    )
    statements = serializers.SerializerMethodField(
        help_text="For a `discrepancy`, the two statements that disagree; null for the other kinds."
    )
    status = serializers.ChoiceField(choices=ContradictionStatus.choices, required=False)
    reviewed_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Username of the fact-checker."
    )
    notes = notes_field()

    class Meta:
        model = Contradiction
        fields = [
            "id", "kind", "status", "topic", "claims", "statements", "notes", "detected_by", "reviewed_by",
            "reviewed_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "kind", "detected_by", "reviewed_at", "created_at", "updated_at"]

    @extend_schema_field(SlugRefSerializer)
    def get_topic(self, contradiction):
        return brief(contradiction.claim_a.topic)

    @extend_schema_field(ClaimBriefSerializer(many=True))
    def get_claims(self, contradiction):
        brief = _one(ClaimBriefSerializer)
        claims = [contradiction.claim_a]
        if contradiction.claim_b_id != contradiction.claim_a_id:
            claims.append(contradiction.claim_b)
        return [brief.to_representation(c) for c in claims]

    @extend_schema_field(StatementBriefSerializer(many=True, allow_null=True))
    def get_statements(self, contradiction):
        if contradiction.statement_a_id is None:
            return None
        brief = _one(StatementBriefSerializer)
        return [brief.to_representation(s) for s in (contradiction.statement_a, contradiction.statement_b)]

    def update(self, instance, validated_data):
        if "status" in validated_data:
            return review_contradiction(instance, validated_data["status"], self.context["request"].user)
        return instance


class ReviewSerializer(StrictFieldsMixin, serializers.Serializer):
    status = serializers.ChoiceField(choices=ReviewStatus.choices)


class ContradictionReviewSerializer(StrictFieldsMixin, serializers.Serializer):
    status = serializers.ChoiceField(choices=ContradictionStatus.choices)
    note = TextField(
        max_length=10_000, required=False, allow_blank=True,
        help_text="Added to the contradiction's notes, after those it has.",
    )  # fmt: skip
