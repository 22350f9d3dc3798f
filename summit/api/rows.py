"""Helpers for representations built from `values()` rows: they write values as the
serializers do (`claims.api.reads`, `sources.api.reads`)."""

from __future__ import annotations

from collections.abc import Iterable

Row = dict


def when(value, zone) -> str | None:
    """A datetime as DRF writes it: ISO 8601 in the time zone `zone` (the current one, which the
    callers read once per response: reading it per value was a third of a page's building)."""
    if value is None:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def day(value) -> str | None:
    return None if value is None else value.isoformat()


def ref(key, name, field: str = "slug") -> dict | None:
    """What `RefField` writes: `{slug|key|id: …, "name": …}`, or None for no reference."""
    return None if key is None else {field: key, "name": name}


def ids(rows: Iterable[Row], field: str = "id") -> list:
    return [row[field] for row in rows if row[field] is not None]
