"""Speakers' aliases: every spelling sources use for a speaker, each naming one speaker."""

from contextlib import suppress

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.utils.text import slugify
from django.utils.translation import gettext

from claims.choices import SpeakerKind, SpeakerStatus
from claims.models import Speaker, SpeakerAlias
from core.text import Fold, fold, nfc


def alias_clashes(names: list[str], *, speaker: Speaker | None = None) -> str | None:
    """Why `names` cannot be `speaker`'s aliases: the ones another speaker has, folded as the
    database compares them (SpeakerAlias's `alias_folded_one_speaker`); None when all are free."""
    if not names:
        return None
    taken = SpeakerAlias.objects.alias(folded=Fold("name")).filter(
        folded__in=[Fold(Value(nfc(name))) for name in names]
    )
    if speaker is not None and speaker.pk is not None:
        taken = taken.exclude(speaker=speaker)
    clashes = sorted({f"{a.name!r} ({a.speaker.slug})" for a in taken.select_related("speaker")})
    if not clashes:
        return None
    return gettext("Already an alias of another speaker: %(clashes)s.") % {"clashes": ", ".join(clashes)}


@transaction.atomic
def set_aliases(speaker: Speaker, names: list[str]) -> None:
    """Make `names` the speaker's aliases, keeping the rows (and their history) that stay.

    A spelling another speaker has is refused (ValidationError on `aliases`), also when that
    speaker's writer commits it first: the database's constraint decides between them."""
    wanted = list(dict.fromkeys(nfc(n).strip() for n in names if n.strip()))
    speaker.aliases.exclude(name__in=wanted).delete()
    existing = set(speaker.aliases.values_list("name", flat=True))
    added = [name for name in wanted if name not in existing]
    if added:
        # Writers of one spelling take turns, each spelling's lock in one order: two inserts
        # checking the exclusion constraint against each other's uncommitted rows would
        # deadlock, where the second now waits and then finds the first's committed alias.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(key) FROM (SELECT DISTINCT hashtextextended(summit_fold(name), 0)"
                " AS key FROM unnest(%s::text[]) AS name ORDER BY key) AS keys",
                [added],
            )
    try:
        with transaction.atomic():
            for name in wanted:
                if name not in existing:
                    SpeakerAlias.objects.create(speaker=speaker, name=name)
    except IntegrityError:
        clash = alias_clashes(wanted, speaker=speaker)
        if clash is None:
            raise
        raise ValidationError({"aliases": [clash]}) from None


@transaction.atomic
def propose_speaker(*, name: str, role: str, kind: str, aliases: list[str]) -> Speaker:
    """The speaker one of `aliases` already names, else a new `proposed` one (kept from the public
    until a fact-checker confirms it or merges it into a known speaker)."""
    names = list(dict.fromkeys(nfc(a).strip() for a in aliases if a.strip()))
    if names:
        owner = (
            SpeakerAlias.objects.alias(folded=Fold("name"))
            .filter(folded__in=[Fold(Value(n)) for n in names])
            .select_related("speaker")
            .first()
        )
        if owner is not None:
            return owner.speaker
    if kind == SpeakerKind.PERSON and " " not in name.strip():
        # "bà Sandu" after "Tổng thống Moldova Maia Sandu": the one person whose name ends so.
        same = list(
            Speaker.objects.filter(kind=SpeakerKind.PERSON, name__endswith=f" {nfc(name).strip()}")[:2]
        )
        if len(same) == 1:
            return same[0]
    base = slugify(fold(name))[:90] or "speaker"
    slug, n = base, 1
    while Speaker.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    speaker = Speaker.objects.create(
        slug=slug, name=nfc(name)[:200], role=nfc(role)[:300], kind=kind, status=SpeakerStatus.PROPOSED
    )
    with suppress(ValidationError):  # a spelling another speaker took meanwhile: merged by hand
        set_aliases(speaker, names)
    return speaker


@transaction.atomic
def confirm_speakers(speakers: list[Speaker]) -> list[Speaker]:
    """Confirm proposed speakers (the public sees them and their records from then on); returns
    the ones that changed."""
    changed = []
    for speaker in speakers:
        if speaker.status != SpeakerStatus.CONFIRMED:
            speaker.status = SpeakerStatus.CONFIRMED
            speaker.save(update_fields=["status", "updated_at"])
            changed.append(speaker)
    return changed


@transaction.atomic
def merge_speakers(*, sources: list[Speaker], into: Speaker) -> int:
    """Fold each of `sources` into `into` (a proposed speaker found to be a known one): their
    claims (their statements follow them), the statements they relayed, their aliases and name
    as spellings of `into`, their members; then delete them. Returns how many were merged."""
    from claims.models import StatementVia
    from claims.services.claims import save_claim

    merged = 0
    for source in sources:
        if source.pk == into.pk:
            continue
        for claim in source.claims.all():
            claim.speaker = into
            save_claim(claim)  # suggested contradictions follow the speaker
        for link in StatementVia.objects.filter(speaker=source):
            link.speaker = into
            link.save(update_fields=["speaker"])
        Speaker.objects.filter(affiliation=source).update(affiliation=into)
        names = [*source.aliases.values_list("name", flat=True), source.name]
        source.aliases.all().delete()
        source.delete()
        kept = list(into.aliases.values_list("name", flat=True))
        free = [n for n in names if alias_clashes([n], speaker=into) is None]
        set_aliases(into, [*kept, *free])
        merged += 1
    return merged
