"""Backup and restore of the whole corpus, with primary keys, so a restore answers exactly as before.

Django's own serialisation does the work: references to content types and permissions travel
as natural keys (they differ between databases), everything else keeps its id, and the
sequences are moved past the restored ids.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction

# Dependencies first: users and groups, then sources, then claims, then history.
LABELS = ["auth.group", "auth.user", "sources", "claims"]


class RestoreRefused(Exception):
    pass


def models_to_copy():
    found = []
    for label in LABELS:
        if "." in label:
            found.append(apps.get_model(label))
        else:
            found += list(apps.get_app_config(label).get_models())
    return found


def export_corpus(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}

    def objects():
        for model in models_to_copy():
            counts[model._meta.label] = 0
            for obj in model._default_manager.order_by("pk").iterator(chunk_size=2000):
                counts[model._meta.label] += 1
                yield obj

    # The "python" form, written with full-precision timestamps: Django's JSON encoder keeps
    # milliseconds only, and a restore must give back exactly what was there.
    rows = serializers.serialize("python", objects(), use_natural_foreign_keys=True)
    with path.open("w", encoding="utf-8") as handle:
        json.dump(rows, handle, ensure_ascii=False, default=_encode)
    return counts


def _encode(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


@transaction.atomic
def import_corpus(path: Path, *, replace: bool = False) -> int:
    """Load a backup into a database whose corpus is empty (or emptied first with `replace`)."""
    copied = models_to_copy()
    occupied = [m._meta.label for m in copied if m._meta.app_label != "auth" and m._default_manager.exists()]
    if occupied and not replace:
        raise RestoreRefused(
            f"the database already holds {', '.join(occupied)}; use --replace to overwrite it"
        )
    if replace:
        for model in reversed(copied):
            if model._meta.app_label != "auth":
                model._default_manager.all().delete()
    loaded = 0
    with path.open(encoding="utf-8") as handle:
        rows = json.load(handle)
    for item in serializers.deserialize("python", rows, handle_forward_references=True):
        item.save()  # raw: keeps ids, timestamps and history exactly, and fires no detection
        loaded += 1
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), copied):
            cursor.execute(statement)
    return loaded
