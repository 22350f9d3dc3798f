"""The thread of notes on a change form: shown read-only, oldest first, with author and local time.

New notes are typed in the form's "New note" box (claims.admin.forms.NoteFormMixin) and added by
ReviewedAdmin.save_model through claims.services.notes.
"""

from __future__ import annotations

from django.contrib import admin
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin.history import EMPTY, local_datetime

# The fieldset every annotated record's change form shows its thread in.
NOTES_FIELDSET = (gettext_lazy("Notes"), {"fields": ["thread", "note"]})


class ThreadMixin:
    """For the admins of statements, claims and contradictions: the `thread` read-only field."""

    @admin.display(description=gettext_lazy("Notes so far"))
    def thread(self, obj):
        notes = list(obj.notes.all()) if obj is not None and obj.pk else []
        if not notes:
            return _("No notes yet.")
        return format_html(
            '<ol class="note-thread">{}</ol>',
            format_html_join(
                "",
                '<li><strong>{}</strong>, <time datetime="{}">{}</time>:<br>{}</li>',
                (
                    (
                        note.author_name or EMPTY,
                        note.created_at.isoformat(),
                        local_datetime(note.created_at),
                        linebreaksbr(note.text),
                    )
                    for note in notes
                ),
            ),
        )
