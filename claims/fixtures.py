"""Seeding the curated corpus without ever writing over a person's work.

Each entry of a fixture (and each article of `seeds/`) is tied to the row it made by a
`SeedRecord`: the entry as the fixture names it, the row's id, and the values seed wrote. A run
creates what is missing, brings a fixture's change to a row nobody has changed since it was
seeded, and leaves every other row as it is, with a line saying which and why. `reset=True`
writes the fixtures back over people's changes and says what it overwrote.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext

from claims.models import Claim
from claims.services.claims import save_claim
from core.models import SeedRecord
from core.text import nfc
from sources.models import Article, content_hash
from sources.services.ingest import article_paths, article_title, read_article

# The fields that name an entry, as its fixture gives them (references as natural keys): what
# the references of other entries use, and what stays the same when people rename the row.
IDENTITY = {
    "sources.outlet": ("slug",),
    "sources.article": ("key",),
    "claims.speaker": ("slug",),
    "claims.speakeralias": ("speaker", "name"),
    "claims.event": ("slug",),
    "claims.topic": ("slug",),
    "claims.claim": ("key",),
    "claims.statement": ("claim", "article", "start"),
    "claims.statementvia": ("statement", "position"),
    "claims.contradiction": ("kind", "claim_a", "claim_b", "statement_a", "statement_b"),
    # A note is named by its record and its text: a fixture's changed note is a new note of the
    # thread, and the one seeded before stays.
    "claims.note": ("statement", "claim", "contradiction", "text"),
}
# A fixture entry of these models may give its record's first note as `note`: the loader makes it
# an entry of its own, right after the record's.
ANNOTATED = {
    "claims.statement": "statement",
    "claims.claim": "claim",
    "claims.contradiction": "contradiction",
}
# A seeded model: its history manager and natural-key manager are added to it, so it is typed loosely.
SeededModel = Any
# Set by people, never by fixtures.
NOT_SEEDED = frozenset({"created_by", "reviewed_by", "reviewed_at"})
# A reset clears them with the fixture's values: a freshly seeded row has none.
REVIEW_STAMPS = ("reviewed_by", "reviewed_at")


class SeedError(Exception):
    """A fixture or seed article that cannot be loaded as given; the message says why."""


@dataclass
class Entry:
    model: SeededModel
    key: list  # the identity fields, flattened: what a reference to the entry gives
    fields: dict
    source: str

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def entry(self) -> str:
        return json.dumps(self.key, ensure_ascii=False)

    def name(self, pk: int | None = None) -> str:
        # A note is named by its text: its start is enough to find it.
        parts = " / ".join(Truncator(str(part)).chars(60) for part in self.key if part is not None)
        return f"{self.model._meta.verbose_name} {parts}" + (f" (id {pk})" if pk is not None else "")


def entry(model: SeededModel, fields: dict, source: str) -> Entry:
    label = model._meta.label_lower
    if label not in IDENTITY:
        raise SeedError(f"{source}: {label} is not a model seed knows how to name")
    key: list = []
    for name in IDENTITY[label]:
        value = fields.get(name)
        key += value if isinstance(value, list) else [value]
    return Entry(model, key, fields, source)


def fixture_entries(path: Path) -> list[Entry]:
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
        entries = []
        for item in items:
            fields = dict(item["fields"])
            note = fields.pop("note", "") if item["model"] in ANNOTATED else ""
            record = entry(apps.get_model(item["model"]), fields, path.name)
            entries.append(record)
            if note.strip():
                on = {ANNOTATED[item["model"]]: record.key, "text": nfc(note.strip())}
                entries.append(entry(apps.get_model("claims.note"), on, path.name))
        return entries
    except (ValueError, LookupError, KeyError, TypeError, AttributeError) as exc:
        raise SeedError(f"{path}: not a fixture of known models ({exc})") from exc


def article_entries(seeds: Path) -> list[Entry]:
    """The articles of `seeds/` as entries: text, title and the metadata beside them."""
    language = Article._meta.get_field("language").get_default()
    found = []
    for path in article_paths([seeds]):
        item = read_article(path)
        meta = item.metadata
        fields = {
            "key": item.key,
            "title": article_title(item),
            "body": nfc(item.body),
            "outlet": [meta["outlet"]] if meta.get("outlet") else None,
            "published_on": meta.get("published_on") or None,
            "byline": nfc(str(meta.get("byline") or "")),
            "url": nfc(str(meta.get("url") or "")),
            "language": nfc(str(meta.get("language") or language)),
        }
        found.append(entry(Article, fields, path.name))
    return found


def seeded_fields(model: SeededModel) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in NOT_SEEDED
    ]


def as_text(model: SeededModel, obj: Any, names: Iterable[str]) -> dict[str, str]:
    """The values compared and recorded. An article's text is compared by its hash."""
    values = {}
    for name in names:
        if model is Article and name == "body":
            values[name] = obj.content_hash
        else:
            values[name] = model._meta.get_field(name).value_to_string(obj)
    return values


def save(obj: Any) -> None:
    """Store a seeded row; a claim through `save_claim`, which records its contradictions."""
    if isinstance(obj, Claim):
        save_claim(obj)
    else:
        obj.save()


class Seeder:
    """One run of seed, in the caller's transaction; `counts` and `lines` say what it did."""

    def __init__(self, *, reset: bool = False):
        self.reset = reset
        self.records = {(r.model, r.entry): r for r in SeedRecord.objects.all()}
        self.dirty: dict[tuple[str, str], SeedRecord] = {}
        self.rows: dict[str, dict[int, Any]] = {}
        self.counts: Counter = Counter()
        self.lines: list[str] = []

    def load(self, entries: Iterable[Entry]) -> None:
        for item in entries:
            try:
                self._seed(item)
            except ValidationError as exc:
                raise SeedError(f"{item.source}: {item.name()}: {'; '.join(exc.messages)}") from exc
        self._save_records()

    # The rows of the seeded entries of one model, read once with the compared fields only.
    def _current(self, model: SeededModel) -> dict[int, Any]:
        label = model._meta.label_lower
        if label not in self.rows:
            ids = [r.object_id for (m, _), r in self.records.items() if m == label]
            rows = model._default_manager.filter(pk__in=ids).only(*self._loaded(model))
            self.rows[label] = {row.pk: row for row in rows}
        return self.rows[label]

    def _record(self, item: Entry, pk: int, values: dict, *, wrote: bool = True) -> SeedRecord:
        record = self.records.get((item.label, item.entry))
        if record is None:
            record = SeedRecord(model=item.label, entry=item.entry, object_id=pk, values=values)
            self.records[(item.label, item.entry)] = record
        record.object_id, record.values = pk, values
        if wrote or record.seeded_at is None:
            record.seeded_at = timezone.now()
        self.dirty[(item.label, item.entry)] = record
        return record

    def _save_records(self) -> None:
        new = [r for r in self.dirty.values() if r.pk is None]
        SeedRecord.objects.bulk_create(new)
        SeedRecord.objects.bulk_update(
            [r for r in self.dirty.values() if r not in new], ["object_id", "values", "seeded_at"]
        )
        self.dirty.clear()

    def _resolve(self, item: Entry, field: Any, raw, missing: list[str]):
        """A reference, given as the natural key of a seeded entry (or of any stored row)."""
        if raw is None:
            return None
        target = field.related_model
        key = raw if isinstance(raw, list) else [raw]
        record = self.records.get((target._meta.label_lower, json.dumps(key, ensure_ascii=False)))
        if record is not None:
            if record.object_id not in self._current(target):
                missing.append(f"{target._meta.verbose_name} {' / '.join(map(str, key))}")
            return record.object_id
        try:
            return target._default_manager.get_by_natural_key(*key).pk
        except (ObjectDoesNotExist, TypeError, ValueError):
            raise SeedError(
                f"{item.source}: {item.name()} refers to {target._meta.verbose_name} {key}, "
                "which is neither in the fixtures nor stored"
            ) from None

    def _build(self, item: Entry) -> tuple[Any, list[str], list[str]]:
        """The row the entry describes (not saved), the fields it sets, and the references it
        makes to seeded rows deleted since."""
        obj = item.model()
        names: list[str] = []
        missing: list[str] = []
        for field in seeded_fields(item.model):
            if field.name not in item.fields:
                continue
            raw = item.fields[field.name]
            if field.many_to_one:
                setattr(obj, field.attname, self._resolve(item, field, raw, missing))
            else:
                setattr(obj, field.attname, field.to_python(raw))
            names.append(field.name)
        if item.model is Article:
            obj.content_hash = content_hash(obj.body)
        return obj, names, missing

    def _seed(self, item: Entry) -> None:
        wanted, names, missing = self._build(item)
        record = self.records.get((item.label, item.entry))
        adopted = record is None
        if adopted:
            record = self._adopt(item, wanted, names)
        if record is None:
            if missing:
                reason = gettext("not created: it refers to %(missing)s, deleted since seeded")
                self._left_alone(item, None, reason % {"missing": ", ".join(missing)})
                return
            self._create(item, wanted, names)
            self.counts["created"] += 1
            return
        row = self._current(item.model).get(record.object_id)
        if row is None and not adopted:
            # Deleted, unless a person made the row again under the entry's natural key.
            again = self._find(item, wanted)
            if again is not None and again != record.object_id:
                row = item.model._default_manager.filter(pk=again).only(*self._loaded(item.model)).first()
            if row is not None:
                self._current(item.model)[row.pk] = row
                record = self._record(item, row.pk, record.values, wrote=False)
        if row is None:
            deleted = last_change(item.model, record.object_id)
            if self.reset and not missing:
                self._create(item, wanted, names)
                self.counts["re-created"] += 1
                line = gettext("re-created %(record)s: deleted by %(who)s")
                self.lines.append(line % {"record": item.name(), "who": deleted})
            else:
                reason = gettext("deleted by %(who)s; not re-created") % {"who": deleted}
                self._left_alone(item, record.object_id, reason)
            return
        if item.model is Article and row.content_hash != wanted.content_hash:
            # Statements point into the stored text: seed never replaces it, even on a reset.
            reason = gettext(
                "its text differs from seeds/%(file)s, and statements point into the stored text"
            )
            self._left_alone(item, row.pk, reason % {"file": item.source})
            return
        wanted_values = as_text(item.model, wanted, names)
        stored = as_text(item.model, row, names)
        # A field the record lacks is one seed has not written yet (a fixture's new field): what
        # it holds is the field's default unless someone changed it.
        blank = as_text(item.model, item.model(), [n for n in names if n not in record.values])
        seeded = {n: record.values[n] if n in record.values else blank[n] for n in names}
        if stored == wanted_values:
            # Its record keeps what seed wrote: a person who made the fixture's change still made one.
            self.counts["unchanged"] += 1
            return
        by_people = [n for n in names if stored[n] != seeded[n]]
        by_fixture = [n for n in names if wanted_values[n] != seeded[n]]
        # A review that kept every value (a claim verified again) is a person's work too.
        person = None if by_people or adopted else person_since(item.model, row.pk, record.seeded_at)
        if missing:
            reason = gettext("it refers to %(missing)s, deleted since seeded")
            self._left_alone(item, row.pk, reason % {"missing": ", ".join(missing)})
        elif not by_people and person is None:
            self._write(item, row.pk, wanted, names)
            self.counts["updated"] += 1
            if not adopted:  # rows the system made (detected contradictions) take their entry quietly
                line = gettext("updated %(record)s from the fixture: %(fields)s")
                self.lines.append(line % {"record": item.name(row.pk), "fields": ", ".join(by_fixture)})
        elif self.reset:
            who = last_change(item.model, row.pk)
            self._write(item, row.pk, wanted, names)
            self.counts["overwritten"] += 1
            differ = [n for n in names if stored[n] != wanted_values[n]]
            line = gettext("overwrote %(record)s: %(fields)s (last changed by %(who)s)")
            self.lines.append(line % {"record": item.name(row.pk), "fields": ", ".join(differ), "who": who})
        else:
            if by_people:
                who = last_change(item.model, row.pk)
                reason = gettext("%(fields)s changed by %(who)s since it was seeded") % {
                    "fields": ", ".join(by_people),
                    "who": who,
                }
            else:
                reason = gettext("saved by %(who)s since it was seeded") % {"who": person}
            if by_fixture:
                reason += gettext("; the fixture's new %(fields)s not applied") % {
                    "fields": ", ".join(by_fixture)
                }
            self._left_alone(item, row.pk, reason)

    def _left_alone(self, item: Entry, pk: int | None, reason: str) -> None:
        self.counts["left alone"] += 1
        self.lines.append(
            gettext("left alone: %(record)s: %(reason)s") % {"record": item.name(pk), "reason": reason}
        )

    def _adopt(self, item: Entry, wanted: Any, names: list[str]) -> SeedRecord | None:
        """A row the entry names that no record ties to it yet (a database seeded before records
        were kept, or restored without them). A row some person has changed is treated as
        changed since seeded; one only seed or the system ever wrote takes the fixture."""
        pk = self._find(item, wanted)
        if pk is None:
            return None
        model = item.model
        row = model._default_manager.filter(pk=pk).only(*self._loaded(model)).first()
        if row is None:  # deleted: the history names the row
            return self._record(item, pk, as_text(model, wanted, names))
        self._current(model)[pk] = row
        touched = model.history.filter(id=pk, history_user__isnull=False).exists()
        values = as_text(model, wanted if touched else row, names)
        return self._record(item, pk, values)

    def _loaded(self, model: SeededModel) -> list[str]:
        names = [f.attname for f in seeded_fields(model)]
        return [n for n in names if n != "body"] + ["content_hash"] if model is Article else names

    def _find(self, item: Entry, wanted: Any) -> int | None:
        model = item.model
        fields = [model._meta.get_field(n) for n in IDENTITY[item.label]]
        match = Q(**{f.attname: getattr(wanted, f.attname) for f in fields})
        if item.label == "claims.contradiction":  # one pair, whichever way round it is stored
            swapped = {"claim_a_id": "claim_b_id", "claim_b_id": "claim_a_id"}
            swapped |= {"statement_a_id": "statement_b_id", "statement_b_id": "statement_a_id"}
            match |= Q(**{swapped.get(f.attname, f.attname): getattr(wanted, f.attname) for f in fields})
        pk = model._default_manager.filter(match).values_list("pk", flat=True).first()
        if pk is None:
            # Renamed or deleted since: its history still holds the identity it had.
            pk = model.history.filter(match).order_by("-history_date").values_list("id", flat=True).first()
        return pk

    def _create(self, item: Entry, wanted: Any, names: list[str]) -> None:
        wanted.full_clean(validate_unique=False, validate_constraints=False)
        save(wanted)
        self._current(item.model)[wanted.pk] = wanted
        self._record(item, wanted.pk, as_text(item.model, wanted, names))

    def _write(self, item: Entry, pk: int, wanted: Any, names: list[str]) -> None:
        row = item.model._default_manager.select_for_update().get(pk=pk)
        for name in names:
            field = item.model._meta.get_field(name)
            setattr(row, field.attname, getattr(wanted, field.attname))
        if self.reset:
            for name in REVIEW_STAMPS:
                if hasattr(row, name):
                    setattr(row, name, None)
        row.full_clean(validate_unique=False, validate_constraints=False)
        save(row)
        self._current(item.model)[pk] = row
        self._record(item, pk, as_text(item.model, row, names))


def last_change(model: SeededModel, pk: int) -> str:
    """Who last wrote the row, and when, as its history says: people's changes first."""
    history = model.history.filter(id=pk).select_related("history_user").order_by("-history_date")
    change = history.filter(history_user__isnull=False).first() or history.first()
    if change is None:
        return gettext("someone (no history kept)")
    who = change.history_user.get_username() if change.history_user else gettext("the system or a script")
    return _by_on(who, change.history_date)


def person_since(model: SeededModel, pk: int, since) -> str | None:
    """Who, if anyone, saved the row after `since`, as its history says."""
    history = model.history.filter(id=pk, history_user__isnull=False, history_date__gt=since)
    change = history.select_related("history_user").order_by("-history_date").first()
    if change is None:
        return None
    return _by_on(change.history_user.get_username(), change.history_date)


def _by_on(who: str, when) -> str:
    # Local time with its offset: "alice on 2026-12-07 10:40 +0700".
    return gettext("%(who)s on %(when)s") % {
        "who": who,
        "when": f"{timezone.localtime(when):%Y-%m-%d %H:%M %z}",
    }


@transaction.atomic
def load_fixture(path: Path, *, reset: bool = False) -> Counter:
    """Seed one fixture file; returns counts by outcome."""
    seeder = Seeder(reset=reset)
    seeder.load(fixture_entries(path))
    return seeder.counts
