"""Speakers' aliases: every spelling sources use for a speaker, each naming one speaker."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.utils.translation import gettext

from claims.models import Speaker, SpeakerAlias
from core.text import Fold, nfc


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
