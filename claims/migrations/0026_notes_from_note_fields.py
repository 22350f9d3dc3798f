"""Each statement's and contradiction's `note` becomes the first note of its thread.

The note's author and time are those of the history row where the record took its current note
(the first of the rows that have carried it since); without such a row the author is unknown and
the time is the record's last change. The text detection wrote on every suggestion it made
("Opposite stances on the same topic.", or its Vietnamese, in the language of the save that found
it) says what `detected_by` says, and is not carried over.
Backwards, a record's thread becomes its `note` again, its notes one after another.

A record `seed` wrote a note on has that note tied to its fixture's note entry (claims.fixtures
makes a fixture's `note` an entry of its own), so that a later seed finds it seeded, and one a
person rewrote since counts as changed rather than missing.
"""

import json
import unicodedata

from django.conf import settings
from django.db import migrations

DETECTOR_TEXTS = ["Opposite stances on the same topic.", "Lập trường đối lập về cùng một chủ đề."]
# (record model, its history model, the note's column naming it)
ANNOTATED = [
    ("Statement", "HistoricalStatement", "statement_id"),
    ("Contradiction", "HistoricalContradiction", "contradiction_id"),
]

FORWARD = """
INSERT INTO {note} ({column}, author_id, author_name, text, created_at)
SELECT r.id, since.history_user_id, COALESCE(u.{username}, ''),
       normalize(btrim(r.note, E' \\t\\r\\n'), NFC), COALESCE(since.history_date, r.updated_at)
FROM {record} r
LEFT JOIN LATERAL (
    SELECT h.history_user_id, h.history_date
    FROM {history} h
    WHERE h.id = r.id AND h.note = r.note AND NOT EXISTS (
        SELECT 1 FROM {history} later
        WHERE later.id = r.id AND later.note <> r.note
          AND (later.history_date, later.history_id) > (h.history_date, h.history_id)
    )
    ORDER BY h.history_date, h.history_id
    LIMIT 1
) since ON true
LEFT JOIN {user} u ON u.id = since.history_user_id
WHERE btrim(r.note, E' \\t\\r\\n') <> '' {skip}
ORDER BY COALESCE(since.history_date, r.updated_at), r.id
"""

BACKWARD = """
UPDATE {record} r SET note = thread.text
FROM (
    SELECT {column} AS id, string_agg(text, E'\\n\\n' ORDER BY created_at, id) AS text
    FROM {note} WHERE {column} IS NOT NULL GROUP BY {column}
) thread
WHERE thread.id = r.id
"""


def _tables(apps, record: str, history: str):
    user = apps.get_model(settings.AUTH_USER_MODEL)
    return {
        "note": apps.get_model("claims", "Note")._meta.db_table,
        "record": apps.get_model("claims", record)._meta.db_table,
        "history": apps.get_model("claims", history)._meta.db_table,
        "user": user._meta.db_table,
        "username": user._meta.get_field("username").column,
    }


def notes_from_fields(apps, schema_editor):
    for record, history, column in ANNOTATED:
        skip = ""
        params: list = []
        if record == "Contradiction":
            skip = "AND NOT (r.detected_by = 'detector' AND r.note = ANY(%s))"
            params = [DETECTOR_TEXTS]
        sql = FORWARD.format(column=column, skip=skip, **_tables(apps, record, history))
        schema_editor.execute(sql, params)


def seed_records_for_notes(apps, schema_editor):
    SeedRecord = apps.get_model("summit", "SeedRecord")
    Note = apps.get_model("claims", "Note")
    for record_model, _, column in ANNOTATED:
        field = column.removesuffix("_id")
        for seeded in SeedRecord.objects.filter(model=f"claims.{record_model.lower()}").iterator():
            text = unicodedata.normalize("NFC", (seeded.values or {}).get("note", "").strip())
            first = Note.objects.filter(**{column: seeded.object_id}).order_by("created_at", "id").first()
            if not text or first is None:
                continue
            # As claims.fixtures names a note: its record's key in its column's place, then its text.
            on = {"statement": [None], "claim": [None], "contradiction": [None], field: json.loads(seeded.entry)}
            key = [*on["statement"], *on["claim"], *on["contradiction"], text]
            SeedRecord.objects.get_or_create(
                model="claims.note",
                entry=json.dumps(key, ensure_ascii=False),
                defaults={"object_id": first.pk, "values": {field: str(seeded.object_id), "text": text}},
            )


def fields_from_notes(apps, schema_editor):
    for record, history, column in ANNOTATED:
        schema_editor.execute(BACKWARD.format(column=column, **_tables(apps, record, history)))


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0025_note"),
        ("summit", "0004_seed_record"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(notes_from_fields, fields_from_notes),
        migrations.RunPython(seed_records_for_notes, migrations.RunPython.noop),
    ]
