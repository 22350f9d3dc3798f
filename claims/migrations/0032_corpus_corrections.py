"""Corrections to the curated corpus that `seed` cannot bring to a database seeded before them,
since seed creates and updates but never removes:

- The single speaker `analysts` becomes the distinct unnamed analysts and observers of articles
  001, 003 and 004. Its claims move to them (seed then fills in the new speakers from the fixture),
  and `analysts` goes with its aliases, whose spellings ("giới phân tích", "giới quan sát") name
  no one in particular, unless a person has given it claims or intermediaries of its own.
- Two statements leave their claims: Putin's remark quoted by 001, made before the 7 December call,
  leaves the call's claim for a claim of its own, and 003's narration of Washington's readiness to
  respond leaves the claim of US warnings. Each is removed, to be created again by seed where it
  belongs, unless a person has changed it or noted on it, or a contradiction names it: then it is
  kept as it is.

The seed records of what is removed go with it; those of moved claims take the new speaker, so that
seed still sees them as records nobody changed. Backwards, nothing is undone: the corrected corpus
is as valid under the older code.
"""

import json

from django.db import migrations

ANALYSTS = "analysts"
# claim key -> (slug, name) of its new speaker; seed writes the rest of the speaker's fields.
SPLIT = {
    "analysts-no-quick-breakthrough-managed-competition": (
        "analysts-001-outlook",
        "Analysts cited by article 001 on the coming talks",
    ),
    "analysts-ukraine-on-summit-agenda": (
        "analysts-001-agenda",
        "Analysts cited by article 001 on the summit agenda",
    ),
    "observers-january-talks-will-remain-difficult": ("observers-003", "Observers cited by article 003"),
    "analysts-geneva-only-mutual-probing": ("analysts-004", "Analysts cited by article 004"),
}
# (claim key, article key, start) of the statements that leave their claims
LEAVING = [
    ("putin-demands-legal-guarantees-against-nato-expansion", "001_cb9fabbd559097a0", 2146),
    ("us-warns-of-serious-consequences", "003_258c2c428f2593fb", 2029),
]


def split_analysts(apps, records) -> None:
    Speaker = apps.get_model("claims", "Speaker")
    Claim = apps.get_model("claims", "Claim")
    analysts = Speaker.objects.filter(slug=ANALYSTS).first()
    if analysts is None:
        return
    for key, (slug, name) in SPLIT.items():
        claim = Claim.objects.filter(key=key, speaker=analysts).first()
        if claim is None:  # not seeded here, or given another speaker by a person
            continue
        speaker, _ = Speaker.objects.get_or_create(slug=slug, defaults={"name": name, "kind": "person"})
        Claim.objects.filter(pk=claim.pk).update(speaker=speaker)
        record = records.filter(model="claims.claim", object_id=claim.pk).first()
        if record is not None and "speaker" in record.values:
            records.filter(pk=record.pk).update(values={**record.values, "speaker": str(speaker.pk)})
    StatementVia = apps.get_model("claims", "StatementVia")
    in_use = (
        Claim.objects.filter(speaker=analysts).exists()
        or StatementVia.objects.filter(speaker=analysts).exists()
        or Speaker.objects.filter(affiliation=analysts).exists()
    )
    if in_use:
        return
    aliases = list(analysts.aliases.values_list("pk", flat=True))
    records.filter(model="claims.speakeralias", object_id__in=aliases).delete()
    records.filter(model="claims.speaker", object_id=analysts.pk).delete()
    analysts.delete()


def remove_leaving_statements(apps, records) -> None:
    Statement = apps.get_model("claims", "Statement")
    History = apps.get_model("claims", "HistoricalStatement")
    Note = apps.get_model("claims", "Note")
    Contradiction = apps.get_model("claims", "Contradiction")
    for claim_key, article_key, start in LEAVING:
        statement = Statement.objects.filter(
            claim__key=claim_key, article__key=article_key, start=start
        ).first()
        if statement is None:
            continue
        notes = Note.objects.filter(statement=statement)
        changed = (
            History.objects.filter(id=statement.pk, history_user__isnull=False).exists()
            or notes.exclude(author=None, author_name="").exists()
            or Contradiction.objects.filter(statement_a=statement).exists()
            or Contradiction.objects.filter(statement_b=statement).exists()
        )
        if changed:
            continue
        records.filter(model="claims.note", object_id__in=list(notes.values_list("pk", flat=True))).delete()
        entry = json.dumps([claim_key, article_key, start], ensure_ascii=False)
        records.filter(model="claims.statement", entry=entry).delete()
        records.filter(
            model="claims.statementvia", object_id__in=list(statement.via.values_list("pk", flat=True))
        ).delete()
        statement.delete()


def forwards(apps, schema_editor) -> None:
    records = apps.get_model("summit", "SeedRecord").objects
    split_analysts(apps, records)
    remove_leaving_statements(apps, records)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0031_event_times_alias_validity"),
        ("summit", "0004_seed_record"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
