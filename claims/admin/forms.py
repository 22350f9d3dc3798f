"""Admin forms that apply the rules of the services before the model is saved."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from claims.choices import ContradictionKind, ContradictionStatus, SpeechMode
from claims.models import Claim, Contradiction, Statement
from claims.services.spans import locate_folded
from claims.services.statements import locate, mode_from_quotation_marks
from core.text import nfc
from sources.models import Article


class NoteFormMixin(forms.ModelForm):
    """A change form's box for a new note, which saving adds to the end of the record's thread
    (claims.admin.base.ReviewedAdmin.save_model); the notes already written are not editable."""

    note = forms.CharField(
        label=_("New note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Added after the notes above when you save. Notes are kept, never replaced."),
    )


class ClaimForm(NoteFormMixin):
    class Meta:
        model = Claim
        fields = ["speaker", "stance", "topic", "summary", "summary_vi", "event", "said_on", "key", "status"]


class StatementForm(NoteFormMixin):
    """Finds the quote in its article when start and end are left empty.

    A quote typed without its accents (or in other case) that occurs once in the article so
    spelled is taken as the article spells it. A quote that is not in the article, or occurs
    there several times with no span given, is refused with an error on `quote`. A mode left
    empty is taken from the quotation marks around the quote. Used by the statement admin and
    both inlines (in an article's inline, `article` is the parent being saved, body edits
    included).
    """

    class Meta:
        model = Statement
        fields = ["claim", "article", "quote", "start", "end", "mode", "status"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            if name in self.fields:
                self.fields[name].required = False
                self.fields[name].help_text = _("Leave empty to find the quote in the article.")
        if "mode" in self.fields:
            self.fields["mode"].required = False
            self.fields["mode"].choices = [("", _("From the quotation marks")), *SpeechMode.choices]

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article") or self._current_article()
        quote = cleaned.get("quote")
        if not isinstance(article, Article) or not quote:
            return cleaned  # the field errors already say what is missing
        quote = cleaned["quote"] = nfc(quote)
        start, end = cleaned.get("start"), cleaned.get("end")
        changed = set(self.changed_data)
        if self.instance.pk and {"quote", "article"} & changed and not {"start", "end"} & changed:
            start = end = None  # the old span belonged to the old quote: find the new one
        try:
            cleaned["start"], cleaned["end"] = locate(article, quote, start, end)
        except ValidationError as exc:
            found = locate_folded(article.body, quote) if start is None and end is None else None
            if found is None:
                for field, errors in exc.error_dict.items():
                    self.add_error(field if field in self.fields else "quote", errors)
                return cleaned
            cleaned["start"], cleaned["end"] = found
            cleaned["quote"] = article.body[found[0] : found[1]]
        if "mode" in self.fields and not cleaned.get("mode"):
            cleaned["mode"] = mode_from_quotation_marks(article.body, cleaned["start"], cleaned["end"])
        return cleaned

    def _current_article(self) -> Article | None:
        return self.instance.article if self.instance.article_id else None


class ContradictionForm(NoteFormMixin):
    class Meta:
        model = Contradiction
        fields = ["kind", "claim_a", "claim_b", "statement_a", "statement_b", "status", "detected_by"]

    def clean(self):
        cleaned = super().clean()
        dismissing = cleaned.get("status") == ContradictionStatus.DISMISSED and "status" in self.changed_data
        if dismissing and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Say why the contradiction is dismissed."))
        if self._without_statements():
            # The model's own checks on these are skipped below; say the same here.
            if cleaned.get("kind") == ContradictionKind.DISCREPANCY:
                self.add_error("statement_a", _("A discrepancy pairs two statements: give both."))
            elif cleaned.get("claim_a") is not None and cleaned.get("claim_a") == cleaned.get("claim_b"):
                self.add_error("claim_b", _("Opposing stances and reversals pair two different claims."))
        return cleaned

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        # Django validates the statement-pair unique constraint with LEAST(NULL, NULL), which
        # PostgreSQL types as text and refuses, failing every contradiction without statements.
        # Without statements that constraint cannot be violated; the checks above stand in
        # for the two others that name the statement fields.
        if self._without_statements():
            exclude |= {"statement_a", "statement_b"}
        return exclude

    def _without_statements(self) -> bool:
        cleaned = getattr(self, "cleaned_data", {})
        return cleaned.get("statement_a") is None and cleaned.get("statement_b") is None


class ReviewNoteForm(forms.Form):
    """The note a bulk confirmation or dismissal of contradictions adds to each one's thread."""

    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        required=False,
        help_text=_("Added to the notes of every selected contradiction."),
    )

    def __init__(self, *args, note_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = note_required
        if not note_required:
            self.fields["note"].help_text = _(
                "Added to the notes of every selected contradiction. Leave empty to add none."
            )
