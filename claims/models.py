"""Speakers, what they claim, where it was reported, and which claims cannot both hold."""

import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast, Greatest, Least
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims.choices import (
    ContradictionKind,
    ContradictionStatus,
    DetectionMethod,
    Rating,
    ReviewStatus,
    SpeakerKind,
    SpeakerStatus,
    SpeechMode,
    Stance,
    SuggestionDecision,
)
from claims.triggers import (
    article_outlet_to_statements,
    claim_contradictions_counted_on_insert,
    claim_contradictions_kept_on_update,
    claim_speaker_to_statements,
    contradiction_counted_on_insert_or_delete,
    contradiction_counted_on_update,
    statement_outlet_on_insert,
    statement_outlet_on_update,
    statement_speaker_on_insert,
    statement_speaker_on_update,
)
from core.bilingual import bilingual, in_language
from core.text import Fold, joined_index, shortened, stored_fold
from sources.models import Article, Outlet

WIKIDATA_ID = r"^Q[1-9][0-9]*$"
SLUG = _("slug")
CREATED_AT = _("created at")
UPDATED_AT = _("updated at")


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class Speaker(models.Model):
    """A person or an institution that asserts something."""

    slug = models.SlugField(SLUG, max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SpeakerKind.choices, default=SpeakerKind.PERSON)
    role = models.CharField(_("role"), max_length=300, blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code.")
    )
    affiliation = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("affiliation"),
        help_text=_("The institution this speaker speaks for or belongs to."),
    )
    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speakers",
        verbose_name=_("outlet"),
        help_text=_("Set when the speaker stands for an outlet's own narration."),
    )
    wikidata_id = models.CharField(
        _("Wikidata id"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", _("A Wikidata id looks like Q7747."))],
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SpeakerStatus.choices,
        default=SpeakerStatus.CONFIRMED,
        help_text=_(
            "A speaker proposed by extraction is shown to the public once a fact-checker confirms it."
        ),
    )
    created_at = models.DateTimeField(CREATED_AT, auto_now_add=True)
    updated_at = models.DateTimeField(UPDATED_AT, auto_now=True)

    history = HistoricalRecords()
    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SpeakerKind.values), name="speaker_kind_valid"),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=WIKIDATA_ID),
                name="speaker_wikidata_id_valid",
            ),
            models.CheckConstraint(condition=~Q(affiliation=F("pk")), name="speaker_not_own_affiliation"),
            models.CheckConstraint(condition=Q(status__in=SpeakerStatus.values), name="speaker_status_valid"),
        ]
        indexes = [
            GinIndex(OpClass(Fold("name"), name="gin_trgm_ops"), name="speaker_name_trgm"),
            models.Index(fields=["name", "slug"], name="speaker_name_slug"),  # the list's order
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class AliasManager(models.Manager["SpeakerAlias"]):
    def get_by_natural_key(self, speaker_slug: str, name: str) -> "SpeakerAlias":
        return self.get(speaker__slug=speaker_slug, name=name)


class SpeakerAlias(models.Model):
    """One spelling a source uses for a speaker ("ông Putin", "Điện Kremlin", "Matxcơva")."""

    # db_index=False here and below: an index of the model's Meta leads with the column already.
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="aliases", db_index=False, verbose_name=_("speaker")
    )
    name = models.CharField(_("spelling"), max_length=200)
    # A title or a description ("Tổng thống Mỹ", "nhà lãnh đạo Nga") names this speaker only while
    # the speaker holds the office; a name names the speaker at any time and leaves both empty.
    valid_from = models.DateField(
        _("names the speaker from"),
        null=True,
        blank=True,
        help_text=_("For a title or description: the first day it names this speaker."),
    )
    valid_until = models.DateField(
        _("names the speaker until"),
        null=True,
        blank=True,
        help_text=_(
            "For a title or description: the last day it names this speaker. Extraction uses the "
            "spelling only for articles published within these days, or of unknown date."
        ),
    )

    history = HistoricalRecords()
    objects = AliasManager()

    class Meta:
        ordering = ["speaker", "name"]
        verbose_name = _("speaker alias")
        verbose_name_plural = _("speaker aliases")
        constraints = [
            models.UniqueConstraint(fields=["speaker", "name"], name="alias_unique_per_speaker"),
            models.CheckConstraint(condition=~Q(name=""), name="alias_not_empty"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="alias_valid_until_after_from",
            ),
            # A spelling names one speaker: look-up and extraction compare spellings folded, so
            # two speakers' aliases may not fold alike ("Nhà Trắng" and "nha trang"), while one
            # speaker may keep several spellings that do (btree_gist gives `<>` on the id).
            ExclusionConstraint(
                name="alias_folded_one_speaker",
                expressions=[(Fold("name"), RangeOperators.EQUAL), ("speaker", RangeOperators.NOT_EQUAL)],
                violation_error_message=_("This spelling is already an alias of another speaker."),
            ),
        ]
        indexes = [GinIndex(OpClass(Fold("name"), name="gin_trgm_ops"), name="alias_name_trgm")]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str, str]:
        return (self.speaker.slug, self.name)

    natural_key.dependencies = ["claims.speaker"]  # type: ignore[attr-defined]


class Event(models.Model):
    """What a claim was said at or about: a summit, a call, a meeting."""

    slug = models.SlugField(SLUG, max_length=100, unique=True)
    name = models.CharField(_("name (English)"), max_length=300)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # The dates are the local dates sources give; the times place the event on one clock, UTC,
    # so that an article's local time ("20h10 giờ Moscow") can be checked against them.
    starts_at = models.DateTimeField(
        _("starts at"), null=True, blank=True, help_text=_("When it began, where the sources give the time.")
    )
    ends_at = models.DateTimeField(
        _("ends at"), null=True, blank=True, help_text=_("When it ended, where the sources give the time.")
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()
    objects = SlugManager()

    class Meta:
        ordering = ["starts_on", "slug"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gte=F("starts_at")),
                name="event_ends_at_after_starts_at",
            ),
        ]

    def __str__(self) -> str:
        return bilingual(self.name_vi, self.name)

    @property
    def local_name(self) -> str:
        return in_language(self.name_vi, self.name)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Topic(models.Model):
    """A proposition claims take a stance on, phrased so supports/opposes is unambiguous."""

    slug = models.SlugField(SLUG, max_length=100, unique=True)
    name = models.CharField(
        _("name (English)"),
        max_length=300,
        help_text=_('A proposition, e.g. "NATO should not expand further east".'),
    )
    name_vi = models.CharField(
        _("name (Vietnamese)"),
        max_length=300,
        blank=True,
        help_text=_('The same proposition in Vietnamese, e.g. "NATO không được mở rộng thêm về phía đông".'),
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()
    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            GinIndex(OpClass(Fold("name"), name="gin_trgm_ops"), name="topic_name_trgm"),
            # Its order: a claims list sorted by topic walks the topics in it.
            models.Index(fields=["name"], name="topic_name"),
        ]

    def __str__(self) -> str:
        return bilingual(self.name_vi, self.name)

    @property
    def local_name(self) -> str:
        return in_language(self.name_vi, self.name)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


def user_stamp(verbose_name) -> models.ForeignKey:
    """Who created or reviewed a row. The user may be deleted, the row stays. Not indexed alone:
    the model indexes it with the id, which its admin list sorts by (core/admin/changelist.py)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        verbose_name=verbose_name,
    )


def new_claim_key() -> str:
    return uuid.uuid4().hex


class ClaimManager(models.Manager["Claim"]):
    def get_queryset(self):
        # The stored folds are for the database's search alone: no model reads them.
        return super().get_queryset().defer(*Claim.STORED_FOLDS)

    def get_by_natural_key(self, key: str) -> "Claim":
        return self.get(key=key)


class Claim(models.Model):
    """One assertion of one speaker on one topic, with a stance."""

    key = models.SlugField(
        _("key"),
        max_length=100,
        unique=True,
        default=new_claim_key,
        help_text=_("Stable identifier for fixtures and exports; generated when not given."),
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.PROTECT, related_name="claims", db_index=False, verbose_name=_("speaker")
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="claims", db_index=False, verbose_name=_("topic")
    )
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices)
    summary = models.TextField(
        _("summary (English)"),
        blank=True,
        help_text=_(
            "One sentence, in English; a candidate found by extraction has none until a fact-checker writes it."
        ),
    )
    summary_vi = models.TextField(
        _("summary (Vietnamese)"), blank=True, help_text=_("The same sentence in Vietnamese.")
    )
    summary_folded = stored_fold("summary")
    summary_vi_folded = stored_fold("summary_vi")
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
        db_index=False,
        verbose_name=_("event"),
    )
    said_on = models.DateField(_("said on"), null=True, blank=True)
    standing_contradictions = models.PositiveIntegerField(
        _("standing contradictions"),
        db_default=0,
        editable=False,
        help_text=_("Contradictions naming the claim that are not dismissed, counted by the database."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.CANDIDATE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    reviewed_by = user_stamp(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(CREATED_AT, auto_now_add=True)
    updated_at = models.DateTimeField(UPDATED_AT, auto_now=True)

    STORED_FOLDS = ("summary_folded", "summary_vi_folded")

    # Derived by the database (claims/triggers.py): a version would record a count no one wrote.
    history = HistoricalRecords(excluded_fields=(*STORED_FOLDS, "standing_contradictions"))
    objects = ClaimManager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        permissions = [("fact_check", _("Can write claims, statements and verdicts through the API"))]
        constraints = [
            models.CheckConstraint(condition=Q(stance__in=Stance.values), name="claim_stance_valid"),
            models.CheckConstraint(condition=Q(status__in=ReviewStatus.values), name="claim_status_valid"),
            # A candidate from a Vietnamese article carries its text in Vietnamese only.
            models.CheckConstraint(
                condition=~Q(summary="") | ~Q(summary_vi=""),
                name="claim_summary_in_some_language",
                violation_error_message=_("A claim needs a summary, in English or in Vietnamese."),
            ),
        ]
        indexes = [
            models.Index(fields=["speaker", "id"], name="claim_speaker_id"),
            models.Index(fields=["topic", "id"], name="claim_topic_id"),
            models.Index(fields=["event", "id"], name="claim_event_id"),
            models.Index(fields=["status", "id"], name="claim_status_id"),
            models.Index(fields=["said_on", "id"], name="claim_said_on_id"),
            # A stance filtered by, newest first (the API's `?stance=`, the admin's sidebar); the
            # reviewer's claims, which deleting the user sets to none.
            models.Index(fields=["stance", "id"], name="claim_stance_id"),
            models.Index(fields=["reviewed_by", "id"], name="claim_reviewed_by_id"),
            GinIndex(OpClass(F("summary_folded"), name="gin_trgm_ops"), name="claim_summary_trgm"),
            GinIndex(OpClass(F("summary_vi_folded"), name="gin_trgm_ops"), name="claim_summary_vi_trgm"),
            # Terms of three words or more (core.text.FoldedContains).
            joined_index("summary_folded", "claim_summary_joined_trgm"),
            joined_index("summary_vi_folded", "claim_summary_vi_joined_trgm"),
        ]
        triggers = [
            claim_speaker_to_statements,
            claim_contradictions_counted_on_insert,
            claim_contradictions_kept_on_update,
        ]

    def __str__(self) -> str:
        # Named in the interface language: who, which way, on what, and what was said.
        summary = shortened(in_language(self.summary_vi, self.summary), 80)
        return f"{self.speaker} · {self.get_stance_display()} · {self.topic.local_name}: {summary}"

    def natural_key(self) -> tuple[str]:
        return (self.key,)


class Verdict(models.Model):
    """A fact-checker's rating of a claim, published as schema.org ClaimReview."""

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, related_name="verdict", verbose_name=_("claim")
    )
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)
    textual_rating = models.CharField(
        _("rating in words"), max_length=200, help_text=_('The rating in words, e.g. "Misleading".')
    )
    explanation = models.TextField(_("explanation"), blank=True)
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown to the public (with its claim, once the claim is verified)."),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        verbose_name=_("reviewer"),
    )
    reviewed_on = models.DateField(_("reviewed on"))
    created_at = models.DateTimeField(CREATED_AT, auto_now_add=True)
    updated_at = models.DateTimeField(UPDATED_AT, auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        constraints = [
            models.CheckConstraint(condition=Q(rating__in=Rating.values), name="verdict_rating_valid")
        ]
        # The admin list's sortable columns (core/admin/changelist.py).
        indexes = [
            models.Index(fields=["rating", "id"], name="verdict_rating_id"),
            models.Index(fields=["textual_rating", "id"], name="verdict_textual_rating_id"),
            models.Index(fields=["reviewer", "id"], name="verdict_reviewer_id"),
            models.Index(fields=["reviewed_on", "id"], name="verdict_reviewed_on_id"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.textual_rating}"


class StatementManager(models.Manager["Statement"]):
    def get_queryset(self):
        return super().get_queryset().defer("quote_folded")

    def get_by_natural_key(self, claim_key: str, article_key: str, start: int) -> "Statement":
        return self.get(claim__key=claim_key, article__key=article_key, start=start)


class Statement(models.Model):
    """One appearance of a claim in one article: the verbatim quote and where it sits."""

    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="statements", db_index=False, verbose_name=_("claim")
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="statements",
        db_index=False,
        verbose_name=_("article"),
    )
    # The claim's speaker, copied by the database (claims/triggers.py) so that the `speaker`
    # filter walks an index. Never written by hand: the default lets an insert leave it to the
    # trigger and read it back.
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        editable=False,
        db_default=None,
        verbose_name=_("speaker"),
    )
    # The article's outlet, copied by the database (claims/triggers.py) for the `outlet` filters;
    # none when the article names no outlet.
    outlet = models.ForeignKey(
        Outlet,
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        editable=False,
        db_default=None,
        verbose_name=_("outlet"),
    )
    quote = models.TextField(_("quote"))
    quote_folded = stored_fold("quote")
    start = models.PositiveIntegerField(
        _("start"), help_text=_("Offset of the quote's first character in the article body.")
    )
    end = models.PositiveIntegerField(_("end"), help_text=_("Offset just past the quote's last character."))
    mode = models.CharField(_("mode"), max_length=10, choices=SpeechMode.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.CANDIDATE
    )
    created_by = user_stamp(_("created by"))
    reviewed_by = user_stamp(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(CREATED_AT, auto_now_add=True)
    updated_at = models.DateTimeField(UPDATED_AT, auto_now=True)

    # The speaker is the claim's, the outlet the article's, whose histories have them.
    history = HistoricalRecords(excluded_fields=["speaker", "outlet", "quote_folded"])
    objects = StatementManager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(end__gt=F("start")), name="statement_span_valid"
            ),
            models.CheckConstraint(condition=Q(mode__in=SpeechMode.values), name="statement_mode_valid"),
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="statement_status_valid"
            ),
            models.UniqueConstraint(
                fields=["claim", "article", "start"], name="statement_unique_per_claim_span"
            ),
        ]
        indexes = [
            models.Index(fields=["claim", "id"], name="statement_claim_id"),
            models.Index(fields=["article", "start"], name="statement_article_start"),
            models.Index(fields=["speaker", "id"], name="statement_speaker_id"),
            # An outlet's statements newest first; a claim's outlets, for the claims' filter.
            models.Index(fields=["outlet", "id"], name="statement_outlet_id"),
            models.Index(fields=["claim", "outlet"], name="statement_claim_outlet"),
            models.Index(fields=["mode", "id"], name="statement_mode_id"),
            # The review queue (`?status=`): the list walks ids newest first, so a status few
            # statements have would otherwise be looked for among all of them.
            models.Index(fields=["status", "id"], name="statement_status_id"),
            models.Index(fields=["created_by", "id"], name="statement_created_by_id"),
            models.Index(fields=["reviewed_by", "id"], name="statement_reviewed_by_id"),
            GinIndex(OpClass(F("quote_folded"), name="gin_trgm_ops"), name="statement_quote_trgm"),
            joined_index("quote_folded", "statement_quote_joined_trgm"),
        ]
        triggers = [
            statement_speaker_on_insert,
            statement_speaker_on_update,
            statement_outlet_on_insert,
            statement_outlet_on_update,
        ]

    def __str__(self) -> str:
        return shortened(self.quote, 80)

    def natural_key(self) -> tuple[str, str, int]:
        return (self.claim.key, self.article.key, self.start)

    def clean(self) -> None:
        # The rule every write path shares: the quote is the article's text at the span.
        from claims.services.spans import check_span

        if self.article_id is not None and self.quote:
            check_span(self.article.body, self.quote, self.start, self.end)

    natural_key.dependencies = ["claims.claim", "sources.article"]  # type: ignore[attr-defined]


class ArticleWithStatements(Article):
    """The articles' table as claims sees it, carrying the triggers claims keeps there, which
    sources, knowing nothing of statements, cannot declare. pgtrigger installs a proxy's triggers
    on its concrete table, from the proxy's app's migrations. Nothing reads or writes through it."""

    class Meta:
        proxy = True
        default_permissions = ()
        triggers = [article_outlet_to_statements]


class ViaManager(models.Manager["StatementVia"]):
    def get_by_natural_key(
        self, claim_key: str, article_key: str, start: int, position: int
    ) -> "StatementVia":
        return self.get(
            statement__claim__key=claim_key, statement__article__key=article_key, statement__start=start,
            position=position,
        )  # fmt: skip


class StatementVia(models.Model):
    """One link in the chain a statement came through: an outlet or a speaker, in order.

    Position 0 is the nearest to the article (article 000 reports Biden via TASS: TASS is 0).
    """

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="via", db_index=False, verbose_name=_("statement")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relayed",
        db_index=False,
        verbose_name=_("outlet"),
    )
    speaker = models.ForeignKey(
        Speaker,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relayed",
        db_index=False,
        verbose_name=_("speaker"),
    )

    history = HistoricalRecords()
    objects = ViaManager()

    class Meta:
        ordering = ["statement", "position"]
        verbose_name = _("intermediary")
        verbose_name_plural = _("intermediaries")
        constraints = [
            models.UniqueConstraint(fields=["statement", "position"], name="via_unique_position"),
            models.CheckConstraint(
                condition=(Q(outlet__isnull=False) & Q(speaker__isnull=True))
                | (Q(outlet__isnull=True) & Q(speaker__isnull=False)),
                name="via_outlet_xor_speaker",
            ),
        ]
        # The `via` filter walks the statements relayed by one outlet or speaker, newest first.
        indexes = [
            models.Index(fields=["outlet", "statement"], name="via_outlet_statement"),
            models.Index(fields=["speaker", "statement"], name="via_speaker_statement"),
        ]

    def __str__(self) -> str:
        return str(self.outlet or self.speaker)

    def natural_key(self) -> tuple:
        return (*self.statement.natural_key(), self.position)

    natural_key.dependencies = ["claims.statement"]  # type: ignore[attr-defined]


def _id(field: str) -> Cast:
    # Typed, so that model validation, which puts the instance's values (NULL for a missing
    # statement) in place of the columns, compares bigint with bigint rather than with text.
    return Cast(field, models.BigIntegerField())


class ContradictionManager(models.Manager["Contradiction"]):
    def involving(self, claim: "Claim | int") -> "models.QuerySet[Contradiction]":
        return self.filter(Q(claim_a=claim) | Q(claim_b=claim))

    def get_by_natural_key(self, kind, claim_a, claim_b, statement_a=None, statement_b=None):
        """Order-insensitive: (a, b) and (b, a) are one pair."""
        pairs = Q(claim_a__key=claim_a, claim_b__key=claim_b) | Q(claim_a__key=claim_b, claim_b__key=claim_a)
        match = self.filter(pairs, kind=kind)
        if kind == ContradictionKind.DISCREPANCY:
            a = Q(statement_a=statement_a, statement_b=statement_b)
            b = Q(statement_a=statement_b, statement_b=statement_a)
            match = match.filter(a | b)
        return match.get()


class Contradiction(models.Model):
    """Two claims that cannot both hold, or two statements that disagree (`discrepancy`).

    Each pair is stored once, whichever way round it is given: the unique indexes are on
    LEAST/GREATEST of the two ids (services also store the lower id first).
    """

    # A contradiction carries fact-checkers' review and notes: deleting a claim or statement it
    # cites is refused (the API answers 409) rather than taking the contradiction with it.
    claim_a = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("claim A")
    )
    claim_b = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("claim B")
    )
    statement_a = models.ForeignKey(
        Statement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("statement A"),
    )
    statement_b = models.ForeignKey(
        Statement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("statement B"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ContradictionKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ContradictionStatus.choices, default=ContradictionStatus.SUSPECTED
    )
    detected_by = models.CharField(
        _("detected by"),
        max_length=12,
        choices=DetectionMethod.choices,
        default=DetectionMethod.FACT_CHECKER,
        help_text=_("How the contradiction was found."),
    )
    reviewed_by = user_stamp(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(CREATED_AT, auto_now_add=True)
    updated_at = models.DateTimeField(UPDATED_AT, auto_now=True)

    history = HistoricalRecords()
    objects = ContradictionManager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("contradiction")
        verbose_name_plural = _("contradictions")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ContradictionKind.values), name="contradiction_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ContradictionStatus.values), name="contradiction_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(detected_by__in=DetectionMethod.values), name="contradiction_detected_by_valid"
            ),
            # Opposing and reversal pair two different claims and name no statements.
            models.CheckConstraint(
                condition=Q(kind=ContradictionKind.DISCREPANCY)
                | (~Q(claim_a=F("claim_b")) & Q(statement_a__isnull=True) & Q(statement_b__isnull=True)),
                name="contradiction_claims_differ",
            ),
            # A discrepancy pairs two different statements (possibly of one claim).
            models.CheckConstraint(
                condition=~Q(kind=ContradictionKind.DISCREPANCY)
                | (
                    Q(statement_a__isnull=False)
                    & Q(statement_b__isnull=False)
                    & ~Q(statement_a=F("statement_b"))
                ),
                name="contradiction_discrepancy_statements",
            ),
            models.UniqueConstraint(
                Least(_id("claim_a"), _id("claim_b")),
                Greatest(_id("claim_a"), _id("claim_b")),
                condition=~Q(kind=ContradictionKind.DISCREPANCY),
                name="contradiction_claim_pair_once",
            ),
            models.UniqueConstraint(
                Least(_id("statement_a"), _id("statement_b")),
                Greatest(_id("statement_a"), _id("statement_b")),
                condition=Q(kind=ContradictionKind.DISCREPANCY),
                name="contradiction_statement_pair_once",
            ),
        ]
        # Each ends on the id: the admin list sorted by its column reads the page in index order
        # whichever way it is sorted (core/admin/changelist.py), as the API's newest-first pages do.
        indexes = [
            models.Index(fields=["claim_a", "id"], name="contradiction_claim_a_id"),
            models.Index(fields=["claim_b", "id"], name="contradiction_claim_b_id"),
            models.Index(fields=["kind", "id"], name="contradiction_kind_id"),
            models.Index(fields=["status", "id"], name="contradiction_status_id"),
            models.Index(fields=["detected_by", "id"], name="contradiction_detected_by_id"),
            models.Index(fields=["reviewed_by", "id"], name="contradiction_reviewed_by_id"),
        ]
        triggers = [contradiction_counted_on_insert_or_delete, contradiction_counted_on_update]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.claim_a_id} / {self.claim_b_id}"

    def natural_key(self) -> tuple:
        return (self.kind, self.claim_a.key, self.claim_b.key, self.statement_a_id, self.statement_b_id)

    natural_key.dependencies = ["claims.claim", "claims.statement"]  # type: ignore[attr-defined]


def note_on(record: str, verbose_name) -> models.ForeignKey:
    """The record a note is on: one of three, the others empty (Note's check constraint). The
    thread goes with its record; Note's indexes lead with the column."""
    return models.ForeignKey(
        record,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notes",
        db_index=False,
        verbose_name=verbose_name,
    )


class Note(models.Model):
    """One note of the thread a statement, a claim or a contradiction carries: who wrote it,
    when, and what. Notes are added one after another, never edited or replaced."""

    statement = note_on("Statement", _("statement"))
    claim = note_on("Claim", _("claim"))
    contradiction = note_on("Contradiction", _("contradiction"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        verbose_name=_("author"),
    )
    # Written with the note, so that it still names its author once the account is deleted;
    # empty for a note no person wrote (extraction's, or one carried over without a known author).
    author_name = models.CharField(_("author's username"), max_length=150, blank=True)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.CheckConstraint(
                condition=(Q(statement__isnull=False) & Q(claim__isnull=True) & Q(contradiction__isnull=True))
                | (Q(statement__isnull=True) & Q(claim__isnull=False) & Q(contradiction__isnull=True))
                | (Q(statement__isnull=True) & Q(claim__isnull=True) & Q(contradiction__isnull=False)),
                name="note_on_one_record",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="note_text_not_empty"),
        ]
        # A record's thread in its order (a page's threads: one `IN` on the column); an author's
        # notes, which deleting the account updates.
        indexes = [
            models.Index(fields=["statement", "created_at", "id"], name="note_statement_thread"),
            models.Index(fields=["claim", "created_at", "id"], name="note_claim_thread"),
            models.Index(fields=["contradiction", "created_at", "id"], name="note_contradiction_thread"),
            models.Index(fields=["author", "id"], name="note_author_id"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class ClaimSuggestion(models.Model):
    """An existing claim that a new statement may report too: the same speaker saying the same
    thing in another article, with how alike the texts are (claims.services.matching). The
    fact-checker accepts it (the statement moves to the suggested claim) or keeps the statement's
    own claim; the decision stays, so a pair decided once is never suggested again."""

    statement = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        related_name="suggestions",
        db_index=False,
        verbose_name=_("statement"),
    )
    # The statement's claim when the suggestion was made: the claim it may join the other one.
    claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="suggestions",
        db_index=False,
        verbose_name=_("claim"),
    )
    suggested_claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("suggested claim"),
    )
    score = models.FloatField(
        _("similarity"),
        help_text=_("How alike the statement and the suggested claim's statements are, from 0 to 1."),
    )
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=SuggestionDecision.choices,
        default=SuggestionDecision.PENDING,
    )
    decided_by = user_stamp(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(CREATED_AT, auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("suggested claim")
        verbose_name_plural = _("suggested claims")
        constraints = [
            models.UniqueConstraint(fields=["statement", "suggested_claim"], name="suggestion_once_per_pair"),
            models.CheckConstraint(
                condition=~Q(claim=F("suggested_claim")), name="suggestion_of_another_claim"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="suggestion_score_range"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=SuggestionDecision.values), name="suggestion_decision_valid"
            ),
        ]
        # A claim's suggestions (the API's, the admin's); the suggestions of a claim deleted or of a
        # user deleted; the review queue by decision, newest first.
        indexes = [
            models.Index(fields=["claim", "id"], name="suggestion_claim_id"),
            models.Index(fields=["suggested_claim", "id"], name="suggestion_suggested_claim_id"),
            models.Index(fields=["decision", "id"], name="suggestion_decision_id"),
            models.Index(fields=["decided_by", "id"], name="suggestion_decided_by_id"),
        ]

    def __str__(self) -> str:
        return f"{shortened(self.statement.quote, 60)} → {self.suggested_claim_id} ({self.score:.2f})"
