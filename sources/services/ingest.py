"""Storing article texts: NFC, idempotent, and never overwriting a text silently."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.text import nfc
from sources.models import Article, Outlet, content_hash

METADATA_SUFFIX = ".meta.json"
METADATA_FIELDS = ("outlet", "published_on", "byline", "url", "language")


class IngestError(Exception):
    """An article that cannot be stored as given; the message says why."""


class ArticleExists(IngestError):
    """A new article under a key that is already stored."""

    def __init__(self, key: str):
        self.key = key
        super().__init__(gettext("an article is already stored under the key %(key)s") % {"key": repr(key)})


class Outcome(Enum):
    CREATED = "created"
    UNCHANGED = "unchanged"
    UPDATED = "metadata updated"

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self])


OUTCOME_LABELS = {
    Outcome.CREATED: _("created"),
    Outcome.UNCHANGED: _("unchanged"),
    Outcome.UPDATED: _("metadata updated"),
}


@dataclass
class ArticleInput:
    key: str
    body: str
    title: str = ""
    metadata: dict = field(default_factory=dict)


def read_article(path: Path, overrides: dict | None = None) -> ArticleInput:
    """An article file: title on the first line, the whole text as body, key = file stem.

    Metadata comes from `<stem>.meta.json` beside the file, then from `overrides`.
    """
    try:
        body = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(
            gettext("%(path)s: not UTF-8 text (%(reason)s at byte %(byte)d)")
            % {"path": path, "reason": exc.reason, "byte": exc.start}
        ) from exc
    metadata: dict = {}
    meta_path = path.with_name(path.stem + METADATA_SUFFIX)
    if meta_path.exists():
        try:
            metadata = json.loads(meta_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise IngestError(
                gettext("%(path)s: invalid JSON (%(error)s)") % {"path": meta_path, "error": exc}
            ) from exc
        unknown = set(metadata) - set(METADATA_FIELDS)
        if unknown:
            raise IngestError(
                gettext("%(path)s: unknown fields %(unknown)s; allowed: %(allowed)s")
                % {"path": meta_path, "unknown": sorted(unknown), "allowed": list(METADATA_FIELDS)}
            )
    metadata.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return ArticleInput(key=path.stem, body=body, metadata=metadata)


def _resolve_metadata(metadata: dict) -> dict:
    values: dict = {}
    if metadata.get("outlet"):
        try:
            values["outlet"] = Outlet.objects.get(slug=metadata["outlet"])
        except Outlet.DoesNotExist:
            raise IngestError(
                gettext("unknown outlet %(outlet)s; create it first") % {"outlet": repr(metadata["outlet"])}
            ) from None
    if metadata.get("published_on"):
        raw = metadata["published_on"]
        try:
            values["published_on"] = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(raw)
        except (TypeError, ValueError):
            raise IngestError(
                gettext("published_on %(value)s is not a date (YYYY-MM-DD)") % {"value": repr(raw)}
            ) from None
    for name in ("byline", "url", "language"):
        if metadata.get(name):
            values[name] = nfc(str(metadata[name]))
    return values


def article_title(item: ArticleInput) -> str:
    """The title given, else the text's first line."""
    return nfc(item.title or nfc(item.body).split("\n", 1)[0]).strip()[:500]


def _new_article(item: ArticleInput, body: str) -> Article:
    article = Article(key=item.key, title=article_title(item), body=body, **_resolve_metadata(item.metadata))
    article.full_clean(exclude=["content_hash"], validate_unique=False)
    article.save()
    return article


def _text(item: ArticleInput) -> str:
    body = nfc(item.body)
    if not body.strip():
        raise IngestError(gettext("%(key)s: the text is empty") % {"key": item.key})
    return body


def create_article(*, item: ArticleInput) -> Article:
    """Store a new article. A key already taken is refused (`ArticleExists`) and changes nothing,
    also when another writer stores it first: the unique key decides between them."""
    body = _text(item)
    try:
        with transaction.atomic():
            if Article.objects.filter(key=item.key).exists():
                raise ArticleExists(item.key)
            return _new_article(item, body)
    except IntegrityError:
        if Article.objects.filter(key=item.key).exists():
            raise ArticleExists(item.key) from None
        raise


@transaction.atomic
def ingest_article(item: ArticleInput) -> tuple[Article, Outcome]:
    """Store one article. The same text again changes nothing; another text under its key is refused."""
    body = _text(item)
    values = _resolve_metadata(item.metadata)
    existing = Article.objects.select_for_update().filter(key=item.key).first()
    if existing is None:
        return _new_article(item, body), Outcome.CREATED
    if existing.content_hash != content_hash(body):
        message = gettext(
            "%(key)s: a different text is already stored under this key (stored sha256 %(stored)s…, "
            "new %(new)s…); statements point into the stored text, so it is not replaced"
        )
        raise IngestError(
            message % {"key": item.key, "stored": existing.content_hash[:12], "new": content_hash(body)[:12]}
        )
    changed = {name: value for name, value in values.items() if getattr(existing, name) != value}
    if not changed:
        return existing, Outcome.UNCHANGED
    for name, value in changed.items():
        setattr(existing, name, value)
    existing.save(update_fields=[*changed, "updated_at"])
    return existing, Outcome.UPDATED


def article_paths(paths: list[Path]) -> list[Path]:
    """The `.txt` files named, or found in the directories named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.glob("*.txt") if p.is_file())
        elif path.is_file():
            found.append(path)
        else:
            raise IngestError(gettext("%(path)s: no such file or directory") % {"path": path})
    return found
