"""Thin views: querysets, filters and serializers; the rules live in claims.services."""

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from claims.api import exports, querysets
from claims.api.filters import ClaimFilter, ContradictionFilter, SpeakerFilter, StatementFilter, TopicFilter
from claims.api.publishing import (
    CLAIMS,
    CONTRADICTIONS,
    SPEAKERS,
    STATEMENTS,
    SUGGESTIONS,
    VERDICTS,
    public,
    published,
)
from claims.api.serializers import (
    AttributionSerializer,
    ClaimSerializer,
    ClaimSuggestionSerializer,
    ContradictionReviewSerializer,
    ContradictionSerializer,
    EventSerializer,
    NoteSerializer,
    ReviewSerializer,
    SpeakerSerializer,
    StatementSerializer,
    TopicSerializer,
    VerdictSerializer,
)
from claims.models import Claim, Contradiction, Event, Speaker, Statement, Topic
from claims.selectors import claim_suggestions, reads_unpublished, visible_claims
from claims.services.attribution import attribution
from claims.services.claimreview import claim_review
from claims.services.notes import add_note
from claims.services.review import ClaimInUse, delete_claim, review, review_contradiction
from core.api.conditional import ConditionalMixin, etag_for
from core.api.errors import Conflict
from core.api.pagination import CursorPagination
from core.api.query import StrictQueryMixin
from sources.models import Article

CSV_RESPONSE = {
    (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="UTF-8 CSV with a header row.")
}


def reading(request) -> bool:
    """Whether `request` only reads: its rows are then loaded with the columns it shows alone."""
    return request.method in SAFE_METHODS


def review_response(view, request) -> Response:
    """The `review` action of claims and statements: one service call, the reviewed object back.

    The view's write transaction (ConditionalMixin.dispatch) holds the row lock `get_object()`
    takes before it compares `If-Match`, so two reviews holding one ETag cannot both pass.
    """
    serializer = ReviewSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    reviewed = review(view.get_object(), serializer.validated_data["status"], request.user)
    data = view.get_serializer(view.get_queryset().get(pk=reviewed.pk)).data
    return Response(data, headers={"ETag": etag_for(data)})


def notes_schema(record: str, operation_id: str):
    return extend_schema(
        request=NoteSerializer,
        responses={201: NoteSerializer},
        summary=f"Add a note to the {record}'s notes",
        description=f"Fact-checkers only. The note goes after the notes the {record} has; none is ever "
        f"replaced. Answers 201 with the note; the {record}'s representation (and so its ETag) changes "
        "for fact-checkers.",
        operation_id=operation_id,
        examples=[OpenApiExample("A note", value={"text": "Checked against the video."}, request_only=True)],
    )


def notes_response(view, request) -> Response:
    """The `notes` action of statements, claims and contradictions: one note added, 201 with it."""
    record = view.get_object()
    serializer = NoteSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    note = add_note(record, text=serializer.validated_data["text"], user=request.user)
    return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class SpeakerViewSet(StrictQueryMixin, ConditionalMixin, viewsets.ModelViewSet):
    """People and institutions that assert things, with every spelling sources use for them."""

    queryset = Speaker.objects.none()  # the model, for the schema: the rows are get_queryset's
    serializer_class = SpeakerSerializer
    lookup_field = "slug"
    filterset_class = SpeakerFilter
    ordering_fields = ["name", "slug"]
    publishing = {None: published(SPEAKERS)}

    def get_queryset(self):
        return querysets.speakers(self.request.user, shown=reading(self.request)).order_by("name", "slug")


class EventViewSet(StrictQueryMixin, ConditionalMixin, viewsets.ModelViewSet):
    """Summits, calls and meetings that claims were made at or about."""

    queryset = Event.objects.order_by("starts_on", "slug")
    serializer_class = EventSerializer
    lookup_field = "slug"
    ordering_fields = ["starts_on", "slug", "name"]
    publishing = {None: public("event")}


class TopicViewSet(StrictQueryMixin, ConditionalMixin, viewsets.ModelViewSet):
    """Propositions that claims support or oppose."""

    queryset = Topic.objects.order_by("name", "slug")
    serializer_class = TopicSerializer
    lookup_field = "slug"
    filterset_class = TopicFilter
    ordering_fields = ["name", "slug"]
    publishing = {None: public("topic")}


REVIEW_EXAMPLE = OpenApiExample("Verify", value={"status": "verified"}, request_only=True)

CLAIM_EXAMPLE = OpenApiExample(
    "A claim",
    value={
        "speaker": "vladimir-putin",
        "topic": "nato-eastward-expansion",
        "stance": "supports",
        "summary": "Putin says NATO must not move its infrastructure further east, towards Russia's borders.",
        "event": "video-call-2021-12-07",
        "said_on": "2021-12-07",
    },
    request_only=True,
)


@extend_schema_view(
    create=extend_schema(examples=[CLAIM_EXAMPLE]),
    destroy=extend_schema(
        responses={204: None, 409: OpenApiResponse(description="The claim still has statements.")},
    ),
)
class ClaimViewSet(StrictQueryMixin, ConditionalMixin, viewsets.ModelViewSet):
    """One assertion of one speaker on one topic, with a stance."""

    queryset = Claim.objects.none()  # the model, for the schema: the rows are get_queryset's
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    pagination_class = CursorPagination
    filter_backends = [DjangoFilterBackend]  # cursor pages keep one fixed order
    conditional_actions = ("review",)
    publishing = {
        None: published(CLAIMS),
        "attribution": published(CLAIMS, STATEMENTS),
        "contradictions": published(CLAIMS, CONTRADICTIONS),
        "verdict": published(CLAIMS, VERDICTS),
        "claimreview": published(CLAIMS, VERDICTS, STATEMENTS),
        "suggestions": SUGGESTIONS,
    }

    def get_queryset(self):
        # ClaimReview also reads the speaker's kind and Wikidata id, which no representation shows.
        shown = reading(self.request) and self.action != "claimreview"
        return querysets.claims(self.request.user, shown=shown)

    def claim_id(self) -> str:
        # ASCII digits only: the ORM's int() would also take "1_0", " 10" or other scripts' digits.
        pk = self.kwargs["pk"]
        if not (pk.isascii() and pk.isdigit()):
            raise Http404("No Claim matches the given query.")
        return pk

    def get_object(self):
        self.claim_id()
        return super().get_object()

    def paginate_queryset(self, queryset):
        return querysets.with_notes(super().paginate_queryset(queryset), self.request)

    def perform_destroy(self, instance):
        try:
            delete_claim(instance)
        except ClaimInUse as exc:
            raise Conflict(str(exc)) from exc

    @extend_schema(
        responses=AttributionSerializer,
        summary="Where the claim appeared, in publication order",
        description="Every statement of the claim, earliest article first, each with its outlet, its "
        "chain of intermediaries (`via`, nearest to the article first), quote, span and mode; the "
        "earliest is also given as `first_appearance`, and the distinct outlets as `outlets`.",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def attribution(self, request, pk=None):
        statements = querysets.statements(request.user, shown=True)
        return Response(AttributionSerializer(attribution(self.get_object(), statements)).data)

    @extend_schema(
        responses=ContradictionSerializer(many=True),
        summary="Contradictions involving the claim",
        description="The contradictions that name the claim, newest first, each with its claims (the "
        "other one included) and, for a discrepancy, its two statements. Pages are cursors: pass a "
        "page's `next_cursor` back as `cursor`.",
    )
    @action(detail=True, methods=["get"], filterset_class=None, filter_backends=[])
    def contradictions(self, request, pk=None):
        claim = get_object_or_404(
            visible_claims(request.user).values_list("id", flat=True), pk=self.claim_id()
        )
        involving = Contradiction.objects.involving(claim)
        contradictions = querysets.contradictions(request.user, shown=True).filter(pk__in=involving)
        contradictions = contradictions.order_by("-id")
        page = querysets.with_claims(self.paginate_queryset(contradictions))
        context = self.get_serializer_context()
        return self.get_paginated_response(ContradictionSerializer(page, many=True, context=context).data)

    @extend_schema(
        responses=ClaimSuggestionSerializer(many=True),
        summary="Existing claims the claim's statements may report: the same claim in other articles",
    )
    @action(detail=True, methods=["get"], filterset_class=None, filter_backends=[], pagination_class=None)
    def suggestions(self, request, pk=None):
        if not reads_unpublished(request.user):
            raise Http404("No Claim matches the given query.")
        claim = get_object_or_404(
            visible_claims(request.user).values_list("id", flat=True), pk=self.claim_id()
        )
        return Response(ClaimSuggestionSerializer(claim_suggestions(claim), many=True).data)

    @extend_schema(
        request=ReviewSerializer, responses=ClaimSerializer, summary="Verify or reject a claim",
        description="Fact-checkers only. Sets the claim's review `status` (a verified claim is published) "
        "and answers with the claim and its new `ETag`. `If-Match` guards it as it guards an update.",
        operation_id="claims_review", examples=[REVIEW_EXAMPLE],
    )  # fmt: skip
    @action(detail=True, methods=["post"], filter_backends=[])
    def review(self, request, pk=None):
        return review_response(self, request)

    @notes_schema("claim", "claims_notes_create")
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def notes(self, request, pk=None):
        return notes_response(self, request)

    @extend_schema(
        methods=["GET"],
        responses=VerdictSerializer,
        summary="The claim's verdict",
        description="A fact-checker's rating of the claim; 404 while it has none (or none the reader sees).",
    )
    @extend_schema(
        methods=["PUT"],
        request=VerdictSerializer,
        responses={200: VerdictSerializer, 201: VerdictSerializer},
        summary="Set the verdict (201 when the claim had none)",
        description="Fact-checkers only. Rates the claim, replacing any verdict it had; the reviewer is "
        "the caller, and `reviewed_on` defaults to today. The public sees it once `published` and the "
        "claim is verified.",
        examples=[
            OpenApiExample(
                "Half true",
                value={
                    "rating": "mixture",
                    "textual_rating": "Half true",
                    "explanation": "No written promise exists.",
                },
                request_only=True,
            )
        ],
    )
    @extend_schema(
        methods=["DELETE"],
        responses={204: None},
        summary="Withdraw the verdict",
        description="Fact-checkers only. Deletes the claim's verdict: 204, or 404 when it has none.",
    )
    @action(detail=True, methods=["get", "put", "delete"], filter_backends=[], pagination_class=None)
    def verdict(self, request, pk=None):
        claim = self.get_object()
        verdict = getattr(claim, "verdict", None)  # joined with its reviewer (after the lock on writes)
        if request.method == "GET":
            # An unpublished verdict is, to those who may not see it, no verdict at all.
            if verdict is None or not claim.verdict_shown:
                raise NotFound(gettext("This claim has no verdict yet."))
            return Response(VerdictSerializer(verdict).data)
        if request.method == "DELETE":
            if verdict is None:
                raise NotFound(gettext("This claim has no verdict."))
            verdict.delete()
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = VerdictSerializer(verdict, data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = serializer.save(
            claim=claim,
            reviewer=request.user,
            reviewed_on=serializer.validated_data.get("reviewed_on", dt.date.today()),
        )
        return Response(
            VerdictSerializer(saved).data, status=status.HTTP_200_OK if verdict else status.HTTP_201_CREATED
        )

    @extend_schema(
        responses={
            (200, "application/ld+json"): OpenApiResponse(OpenApiTypes.OBJECT, description="ClaimReview")
        },
        summary="The claim's verdict as schema.org ClaimReview JSON-LD",
        description="The verdict in the form search engines read (`application/ld+json`): the rating, "
        "the claim, its speaker and the articles that reported it. 404 while the claim has no verdict "
        "the reader sees.",
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def claimreview(self, request, pk=None):
        claim = self.get_object()
        if not hasattr(claim, "verdict") or not claim.verdict_shown:
            raise NotFound(gettext("This claim has no verdict, so there is no ClaimReview."))
        statements = attribution(claim, querysets.statements(request.user)).statements
        data = claim_review(
            claim, statements, request.build_absolute_uri(),
            lambda a: request.build_absolute_uri(f"/api/v1/articles/{a.key}/"),
        )  # fmt: skip
        return Response(data, content_type="application/ld+json")

    @extend_schema(
        responses=CSV_RESPONSE,
        summary="The filtered claims as CSV",
        description="Every claim the list's filters select, in one UTF-8 CSV file (with a BOM, for "
        "spreadsheets), oldest first and without pages: id, key, speaker, topic, stance, summaries, "
        "event, date, status and the verdict's rating.",
        operation_id="claims_export_csv",
    )
    @action(detail=False, methods=["get"], url_path="export", pagination_class=None)
    def export(self, request):
        return exports.claims_csv(self.filter_queryset(exports.claim_rows(request.user)))


STATEMENT_EXAMPLE = OpenApiExample(
    "A quote located by itself",
    description="Without `start` and `end`, the quote's single occurrence in the article is found.",
    value={
        "claim": 1,
        "article": "000_12f5a146de662289",
        "quote": "yêu cầu có được những đảm bảo đáng tin cậy",
        "mode": "indirect",
        "via": [{"outlet": "reuters"}],
    },
    request_only=True,
)


@extend_schema_view(create=extend_schema(examples=[STATEMENT_EXAMPLE]))
class StatementViewSet(StrictQueryMixin, ConditionalMixin, viewsets.ModelViewSet):
    """Appearances of claims in articles: the verbatim quote, its span and its chain of intermediaries."""

    queryset = Statement.objects.none()  # the model, for the schema: the rows are get_queryset's
    serializer_class = StatementSerializer
    filterset_class = StatementFilter
    pagination_class = CursorPagination
    filter_backends = [DjangoFilterBackend]  # cursor pages keep one fixed order
    conditional_actions = ("review",)
    publishing = {None: published(STATEMENTS)}

    def get_queryset(self):
        return querysets.statements(self.request.user, shown=reading(self.request))

    def paginate_queryset(self, queryset):
        return querysets.with_notes(super().paginate_queryset(queryset), self.request)

    @extend_schema(
        request=ReviewSerializer, responses=StatementSerializer, summary="Verify or reject a statement",
        description="Fact-checkers only. Sets the statement's review `status` (published once it and its "
        "claim are verified) and answers with the statement and its new `ETag`. `If-Match` guards it as "
        "it guards an update.",
        operation_id="statements_review", examples=[REVIEW_EXAMPLE],
    )  # fmt: skip
    @action(detail=True, methods=["post"], filter_backends=[])
    def review(self, request, pk=None):
        return review_response(self, request)

    @notes_schema("statement", "statements_notes_create")
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def notes(self, request, pk=None):
        return notes_response(self, request)

    @extend_schema(
        responses=CSV_RESPONSE,
        summary="The filtered statements as CSV",
        description="Every statement the list's filters select, in one UTF-8 CSV file (with a BOM, for "
        "spreadsheets), oldest first and without pages: claim, speaker, article, outlet, publication "
        "date, quote, span, mode, chain of intermediaries and status.",
        operation_id="statements_export_csv",
    )
    @action(detail=False, methods=["get"], url_path="export", pagination_class=None)
    def export(self, request):
        return exports.statements_csv(self.filter_queryset(exports.statement_rows(request.user)))


class TextOrderPagination(CursorPagination):
    ordering = ("start", "id")  # type: ignore[assignment]  # DRF accepts a tuple; its stubs say str
    description = (
        "In text order, in pages: pass a page's `next_cursor` back as `cursor` for the next page (null "
        "on the last)."
    )


@extend_schema_view(get=extend_schema(summary="List the statements found in an article"))
class ArticleStatementsView(StrictQueryMixin, generics.ListAPIView):
    """The statements found in one article, in text order."""

    serializer_class = StatementSerializer
    filter_backends: list = []
    # Cursor pages like /statements/, so that both lists share one response shape.
    pagination_class = TextOrderPagination
    publishing = {None: published(STATEMENTS)}

    def get_queryset(self):
        # The article's id read first: a 404 for a key naming no article.
        article = get_object_or_404(Article.objects.values_list("id", flat=True), key=self.kwargs["key"])
        return querysets.statements(self.request.user, shown=True).filter(article_id=article)

    def paginate_queryset(self, queryset):
        return querysets.with_notes(super().paginate_queryset(queryset), self.request)


@extend_schema_view(
    partial_update=extend_schema(
        summary="Confirm or dismiss a contradiction",
        description="To give the reason in the same request, POST to the contradiction's `review/`.",
        examples=[OpenApiExample("Dismiss", value={"status": "dismissed"}, request_only=True)],
    ),
)
class ContradictionViewSet(
    StrictQueryMixin,
    ConditionalMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Pairs of claims that cannot both hold; fact-checkers change their `status` and add notes."""

    queryset = Contradiction.objects.none()  # the model, for the schema: the rows are get_queryset's
    serializer_class = ContradictionSerializer
    filterset_class = ContradictionFilter
    # Keyset pages: the list grows with the corpus (57 000 at a million claims), and counting it
    # for page numbers cost more than the page itself.
    pagination_class = CursorPagination
    filter_backends = [DjangoFilterBackend]  # cursor pages keep one fixed order
    conditional_actions = ("review",)
    publishing = {None: published(CONTRADICTIONS)}

    def get_queryset(self):
        return querysets.contradictions(self.request.user, shown=reading(self.request)).order_by("-id")

    def get_object(self):
        contradiction = super().get_object()
        return querysets.with_claims([contradiction])[0] if reading(self.request) else contradiction

    def paginate_queryset(self, queryset):
        return querysets.with_notes(querysets.with_claims(super().paginate_queryset(queryset)), self.request)

    @extend_schema(
        request=ContradictionReviewSerializer,
        responses=ContradictionSerializer,
        summary="Confirm or dismiss a contradiction, with a note",
        description="The note, when given, is added to the contradiction's notes, after those it has.",
        operation_id="contradictions_review",
        examples=[
            OpenApiExample(
                "Dismiss",
                value={"status": "dismissed", "note": "Different time frames: no contradiction."},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def review(self, request, pk=None):
        serializer = ContradictionReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reviewed = review_contradiction(
            self.get_object(), serializer.validated_data["status"], request.user,
            note=serializer.validated_data.get("note"),
        )  # fmt: skip
        data = self.get_serializer(self.get_queryset().get(pk=reviewed.pk)).data
        return Response(data, headers={"ETag": etag_for(data)})

    @notes_schema("contradiction", "contradictions_notes_create")
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def notes(self, request, pk=None):
        return notes_response(self, request)
