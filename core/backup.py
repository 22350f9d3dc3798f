"""Backup and restore of the whole corpus, with primary keys, so a restore answers exactly as before.

A backup holds users, groups and every model of the project's own apps (history included) but
the operational ones; each row keeps its id and names other rows by id. Only permissions travel
by name (codename, app, model): a fresh database numbers them its own way. The file states the
schema it was written with, and a restore refuses a file that does not match this database's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import uuid
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any, cast

from django.apps import apps
from django.contrib.auth.models import Permission
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Prefetch
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

FORMAT = "summit-backup"
VERSION = 2
# Rows are inserted in this order, so that the database's triggers (a statement copies its
# claim's speaker and its article's outlet) find what they read. Foreign keys are checked at commit.
AUTH = ["auth.group", "auth.user"]
APPS = ["sources", "claims", "summit"]
# Rewritten on every request (or write) and meaningless in another database. Outside these apps the backup
# also leaves out sessions, API tokens (secrets), django-axes' login records and the admin log.
OPERATIONAL = {"summit.RequestCount", "summit.RecentWrite"}
CHUNK = 2000


class RestoreRefused(Exception):
    pass


def models_to_copy() -> list[type[models.Model]]:
    found = [apps.get_model(label) for label in AUTH]
    for label in APPS:
        # A proxy's rows are its concrete model's, copied once under that model's name.
        found += [
            m
            for m in apps.get_app_config(label).get_models()
            if m._meta.label not in OPERATIONAL and not m._meta.proxy
        ]
    return found


def copied_fields(model: type[models.Model]) -> list[models.Field]:
    """What a row of `model` holds in a backup: its columns but the ones the database computes."""
    concrete: Any = model._meta.concrete_model  # the stubs type neither it nor `serialize`
    opts = concrete._meta
    local = [f for f in opts.local_fields if not f.primary_key and f.serialize and not f.generated]
    return local + [f for f in opts.local_many_to_many if f.serialize]


def schema() -> dict[str, dict[str, str]]:
    """Each model of the backup, with its primary key and columns and their types."""
    return {
        model._meta.label_lower: {
            field.name: field.get_internal_type()
            for field in [model._meta.pk, *copied_fields(model)]
        }
        for model in models_to_copy()
    }  # fmt: skip


def _rows_of(model: type[models.Model]):
    names = [f.name for f in copied_fields(model)]
    queryset = model._default_manager.order_by("pk")
    natural = model._meta.label_lower in AUTH
    if natural:
        # Permissions by name, each read with its content type rather than one query apiece.
        with_type = Permission.objects.select_related("content_type")
        m2m = [f.name for f in copied_fields(model) if f.many_to_many]
        queryset = queryset.prefetch_related(
            *(Prefetch(name, queryset=with_type) if name.endswith("permissions") else name for name in m2m)
        )
    rows = queryset.iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        yield from serializers.serialize("python", chunk, fields=names, use_natural_foreign_keys=natural)


def export_corpus(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    partial = path.with_name(path.name + ".partial")
    # One snapshot for every table, so that a backup taken while fact-checkers write is consistent.
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        with partial.open("w", encoding="utf-8") as handle:
            # The header, then the rows as they are read: the corpus is never whole in memory.
            header = {"format": FORMAT, "version": VERSION, "schema": schema(), "sequences": _sequences()}
            handle.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "objects": [')
            first = True
            for model in models_to_copy():
                counts[model._meta.label] = 0
                for row in _rows_of(model):
                    handle.write("\n" if first else ",\n")
                    # Timestamps written in full: Django's JSON encoder keeps milliseconds only.
                    handle.write(json.dumps(row, ensure_ascii=False, default=_encode))
                    counts[model._meta.label] += 1
                    first = False
            handle.write("\n]}\n")
    # A file under the backup's name is always whole.
    os.replace(partial, path)
    return counts


def _sequences() -> dict[str, int]:
    """Each table's last id handed out, deleted rows' included: a restored history names them."""
    found = {}
    with connection.cursor() as cursor:
        for model in models_to_copy():
            cursor.execute(
                "SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, %s)::regclass)",
                [model._meta.db_table, model._meta.pk.column],
            )
            if (last := cursor.fetchone()[0]) is not None:
                found[model._meta.label_lower] = last
    return found


def _move_sequences(copied: list[type[models.Model]], recorded: dict) -> None:
    """Past the restored ids, and past every id the backed-up database had handed out."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), copied):
            cursor.execute(statement)
        for model in copied:
            if not isinstance(last := recorded.get(model._meta.label_lower), int):
                continue
            table, column = model._meta.db_table, str(model._meta.pk.column)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), %s)"
                f" WHERE (SELECT coalesce(max({quote(column)}), 0) FROM {quote(table)}) < %s",
                [table, column, last, last],
            )


def _encode(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


def read_backup(path: Path) -> dict:
    """A backup's rows and sequences, once it is known to fit this database; RestoreRefused otherwise."""
    try:
        with path.open(encoding="utf-8") as handle:
            content = json.load(handle)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RestoreRefused(f"{path} is not a backup written by export_corpus: {exc}") from exc
    if isinstance(content, list):
        # The first format: the rows alone, naming other rows by natural key, with generated
        # columns. It states no schema: each row is checked against this database's.
        _check_rows(content, legacy=True)
        _check_permissions(content)
        return {"objects": content, "sequences": {}}
    if (
        not isinstance(content, dict)
        or content.get("format") != FORMAT
        or not isinstance(content.get("objects"), list)
    ):
        raise RestoreRefused(f"{path} is not a backup written by export_corpus")
    if content.get("version") != VERSION:
        raise RestoreRefused(
            f"{path} is a backup of format version {content.get('version')}; this version reads version {VERSION}"
        )
    _check_schema(content.get("schema"))
    _check_rows(content["objects"])
    _check_permissions(content["objects"])
    if not isinstance(content.get("sequences", {}), dict):
        raise RestoreRefused("the backup's sequences are not a table of ids")
    return content


def _check_schema(written) -> None:
    current = schema()
    problems = []
    if not isinstance(written, dict):
        raise RestoreRefused("the backup does not state its schema")
    if missing := sorted(current.keys() - written.keys()):
        problems.append(f"tables this database has and the backup lacks: {', '.join(missing)}")
    if extra := sorted(written.keys() - current.keys()):
        problems.append(f"tables the backup has and this database lacks: {', '.join(extra)}")
    for label in sorted(current.keys() & written.keys()):
        ours, theirs = current[label], written[label]
        if not isinstance(theirs, dict):
            problems.append(f"{label}: no columns listed")
            continue
        found = []
        if lacking := [name for name in ours if name not in theirs]:
            found.append(f"columns missing from the backup: {', '.join(lacking)}")
        if unknown := [name for name in theirs if name not in ours]:
            found.append(f"columns this database lacks: {', '.join(unknown)}")
        if changed := [f"{n} ({theirs[n]} → {t})" for n, t in ours.items() if n in theirs and theirs[n] != t]:
            found.append(f"columns of another type: {', '.join(changed)}")
        if found:
            problems.append(f"{label}: {'; '.join(found)}")
    if problems:
        raise RestoreRefused(
            "the backup does not match this database's schema (restore it into a database migrated "
            "as the one it was taken from, or export it again): " + "; ".join(problems)
        )


def _check_rows(rows: list, *, legacy: bool = False) -> None:
    """Each row holds exactly the columns of its table (and, in the first format, generated ones)."""
    expected = {m._meta.label_lower: {f.name for f in copied_fields(m)} for m in models_to_copy()}
    generated = {
        m._meta.label_lower: {
            f.name for f in cast(list[Any], m._meta.local_fields) if f.generated and f.serialize
        }
        if legacy
        else set()
        for m in models_to_copy()
    }
    for number, row in enumerate(rows, start=1):
        label = row.get("model") if isinstance(row, dict) else None
        fields = row.get("fields") if isinstance(row, dict) else None
        if label not in expected or "pk" not in row or not isinstance(fields, dict):
            raise RestoreRefused(
                f"row {number} of the backup is not a row of this database: {str(row)[:200]}"
            )
        if fields.keys() - generated[label] != expected[label]:
            lacking = ", ".join(sorted(expected[label] - fields.keys())) or "none"
            unknown = ", ".join(sorted(fields.keys() - expected[label] - generated[label])) or "none"
            raise RestoreRefused(
                f"row {number} of the backup ({label} {row['pk']}) does not match this database's schema: "
                f"columns missing from it: {lacking}; columns this database lacks: {unknown}"
            )


def _check_permissions(rows: list) -> None:
    try:
        named = {
            tuple(key)
            for row in rows
            if row["model"] in AUTH
            for field in ("permissions", "user_permissions")
            for key in row["fields"].get(field, ())
        }
    except TypeError as exc:
        raise RestoreRefused(
            f"the backup names permissions in a form export_corpus does not write: {exc}"
        ) from exc
    known = set(Permission.objects.values_list("codename", "content_type__app_label", "content_type__model"))
    if missing := sorted(named - known):
        names = ", ".join(".".join((app, codename)) + f" ({model})" for codename, app, model in missing)
        raise RestoreRefused(f"the backup grants permissions this database does not have: {names}")


def import_corpus(path: Path, *, replace: bool = False) -> int:
    """Load a backup into a database without a corpus or users (or emptied first with `replace`).

    Nothing changes unless the whole backup loads. The database's groups are replaced by the
    backup's (a freshly migrated database has the Fact-checkers group already).
    """
    backup = read_backup(path)
    copied = models_to_copy()
    try:
        with transaction.atomic():
            _make_room(copied, replace=replace)
            loaded = _load(backup["objects"])
            _move_sequences(copied, backup.get("sequences", {}))
            # Foreign keys are checked now rather than at the commit, which an outer transaction
            # (a test's) would put off: a row naming a row the backup lacks refuses the restore.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    except (DeserializationError, DatabaseError) as exc:
        raise RestoreRefused(f"the backup does not load, nothing was changed: {exc}") from exc
    return loaded


def _make_room(copied: list[type[models.Model]], *, replace: bool) -> None:
    kept = [m for m in copied if m._meta.label_lower != "auth.group"]
    occupied = [m._meta.label for m in kept if m._default_manager.exists()]
    if occupied and not replace:
        raise RestoreRefused(
            f"the database already holds {', '.join(occupied)}; use --replace to overwrite it"
        )
    # Dependents first. The histories go after the rows they follow, which record their deletion
    # in them; the users last, taking their API tokens and admin log entries with them.
    histories = []
    for model in copied:
        with contextlib.suppress(NotHistoricalModelError):
            histories.append(get_history_model_for_model(model))
    tracked = [m for m in copied if m._meta.app_label != "auth" and m not in histories]
    users_and_groups = [m for m in copied if m._meta.app_label == "auth"]
    for model in [*reversed(tracked), *histories, *reversed(users_and_groups)]:
        model._default_manager.all().delete()


def _load(rows: list[dict]) -> int:
    loaded = 0
    deferred = []
    for item in serializers.deserialize("python", rows, handle_forward_references=True):
        # Raw: keeps ids, timestamps and history exactly, and fires no detection.
        item.save(force_insert=True)
        if item.deferred_fields:
            deferred.append(item)
        loaded += 1
    # What named a row not loaded yet (a user's group by name): set once everything is in.
    for item in deferred:
        item.save_deferred_fields()
    return loaded
