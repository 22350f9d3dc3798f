from django.db import transaction

from claims.models import Speaker, SpeakerAlias
from summit.text import nfc


@transaction.atomic
def set_aliases(speaker: Speaker, names: list[str]) -> None:
    """Make `names` the speaker's aliases, keeping the rows (and their history) that stay."""
    wanted = list(dict.fromkeys(nfc(n).strip() for n in names if n.strip()))
    speaker.aliases.exclude(name__in=wanted).delete()
    existing = set(speaker.aliases.values_list("name", flat=True))
    for name in wanted:
        if name not in existing:
            SpeakerAlias.objects.create(speaker=speaker, name=name)
