"""Notes: the thread each statement, claim and contradiction carries, added to and never rewritten."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from claims.models import Claim, Contradiction, Note, Statement
from core.text import nfc

Annotated = Statement | Claim | Contradiction


def add_note(record: Annotated, *, text: str, user=None) -> Note:
    """Add `text` to the end of `record`'s thread, written by `user` (none for the system).

    The text is stored NFC-normalised and stripped; an empty one is refused on `text`."""
    text = nfc(text or "").strip()
    if not text:
        raise ValidationError({"text": _("A note needs some text.")})
    author = user if user is not None and user.is_authenticated else None
    note = Note(text=text, author=author, author_name=author.get_username() if author else "")
    setattr(note, _record_field(record), record)
    if author is not None:
        note._history_user = author  # type: ignore[attr-defined]  # simple-history's row for it
    note.save()
    return note


def _record_field(record: Annotated) -> str:
    for field, model in (("statement", Statement), ("claim", Claim), ("contradiction", Contradiction)):
        if isinstance(record, model):
            return field
    raise TypeError(f"notes are kept on statements, claims and contradictions, not {type(record).__name__}")
