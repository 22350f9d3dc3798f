import hashlib

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import Fold, joined_index, stored_fold
from sources.choices import OutletKind


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class OutletManager(models.Manager["Outlet"]):
    def get_by_natural_key(self, slug: str) -> "Outlet":
        return self.get(slug=slug)


class Outlet(models.Model):
    """Who publishes or relays: a newspaper, a news agency, a broadcaster, a government channel."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OutletKind.choices, default=OutletKind.OTHER)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code.")
    )
    url = models.URLField(_("web address"), blank=True)
    wikidata_id = models.CharField(
        _("Wikidata id"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", _("A Wikidata id looks like Q7747."))],
    )

    history = HistoricalRecords()
    objects = OutletManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=OutletKind.values), name="outlet_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(wikidata_id="") | models.Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"),
                name="outlet_wikidata_id_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class ArticleManager(models.Manager["Article"]):
    def get_queryset(self):
        return super().get_queryset().defer(*Article.SEARCHED_ONLY)

    def get_by_natural_key(self, key: str) -> "Article":
        return self.get(key=key)


class Article(models.Model):
    """One published text of an outlet. `key` is stable (a seed's file stem)."""

    key = models.SlugField(_("key"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=500)
    # What a search of titles tests: folded once on write, not for each title a search rechecks.
    title_folded = stored_fold("title")
    body = models.TextField(_("text"))
    content_hash = models.CharField(_("content hash"), max_length=64, editable=False)
    language = models.CharField(_("language"), max_length=10, default="vi")
    # Indexed by article_outlet_published, which leads with it.
    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        db_index=False,
        verbose_name=_("outlet"),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The words of the folded body, kept by the database, for `q`. Trigrams cannot search long
    # texts: every body holds the trigrams of common syllables, so each search rechecked (folded)
    # nearly every body, 6-12 s over 100 000 articles. Stored, a plan that tests rows one by one
    # reads the words instead of folding the text again.
    body_words = models.GeneratedField(
        expression=SearchVector(Fold("body"), config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    # For the database's search alone: no model reads them (the manager and joins defer them).
    SEARCHED_ONLY = ("body_words", "title_folded")

    history = HistoricalRecords(excluded_fields=["body", *SEARCHED_ONLY])
    objects = ArticleManager()

    class Meta:
        ordering = ["published_on", "key"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["outlet", "published_on"], name="article_outlet_published"),
            # The list's orderings, each ending on the unique key (StableOrderingFilter).
            models.Index(fields=["published_on", "key"], name="article_published_key"),
            models.Index(fields=["title", "key"], name="article_title_key"),
            # `language` in the list's order. Without it a language no article is in, beside a
            # common word, rechecked every article holding the word: 0.3 s at 100 000 articles.
            models.Index(fields=["language", "published_on", "key"], name="article_language_published"),
            GinIndex(OpClass(F("title_folded"), name="gin_trgm_ops"), name="article_title_trgm"),
            joined_index("title_folded", "article_title_joined_trgm"),
            GinIndex(fields=["body_words"], name="article_body_words"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="article_body_not_empty"),
            models.CheckConstraint(
                condition=models.Q(content_hash__regex=r"^[0-9a-f]{64}$"), name="article_content_hash_sha256"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.content_hash = content_hash(self.body)
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple[str]:
        return (self.key,)
