"""The forms of an article's review page: a decision on a candidate, a candidate confirmed with its
claim classified, and a statement added from words selected in the text."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from claims.choices import ReviewStatus, SpeechMode, Stance
from claims.models import Claim, Speaker, Topic
from claims.services.admin_review import Seen
from claims.services.claims import Classification
from core.admin.requests import CheckedAutocompleteSelect

NEW_CLAIM = "new"


class ChosenAutocompleteSelect(CheckedAutocompleteSelect):
    """The admin's autocomplete (select2 over the model admin's own search), which shows a chosen
    row it is given rather than reading it: the review page has one per candidate, and each
    would cost a query. Not a required field's widget: it starts empty, with a placeholder."""

    def __init__(self, field, *, chosen=None, placeholder: str | Promise = "", attrs=None):
        super().__init__(field, admin.site, attrs=attrs)
        self.chosen = chosen
        self.placeholder = placeholder

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # select2 sizes a widget from its width when it starts; the add panel starts hidden.
        attrs.update({"data-placeholder": str(self.placeholder), "data-width": "100%"})
        return attrs

    def optgroups(self, name, value, attr=None):
        if self.chosen is not None and [str(v) for v in value] == [str(self.chosen.pk)]:
            return [(None, [self.create_option(name, self.chosen.pk, str(self.chosen), True, 0)], 0)]
        return super().optgroups(name, value, attr)


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class DecisionForm(forms.Form):
    """One button on the review page: confirm or reject one candidate statement as it is."""

    statement = forms.IntegerField()
    decision = forms.ChoiceField(
        choices=[(ReviewStatus.VERIFIED, _("Confirm")), (ReviewStatus.REJECTED, _("Reject"))]
    )


class ClassifyForm(forms.Form):
    """A candidate statement confirmed, its claim classified with it: one form, saved together."""

    topic = forms.ModelChoiceField(
        Topic.objects.all(), label=_("Topic"), widget=ChosenAutocompleteSelect(Claim._meta.get_field("topic"))
    )
    stance = forms.ChoiceField(choices=Stance.choices, label=_("Stance"))
    summary = forms.CharField(label=_("Summary (English)"), widget=_textarea(), required=False)
    summary_vi = forms.CharField(label=_("Summary (Vietnamese)"), widget=_textarea(), required=False)
    claim_status = forms.ChoiceField(
        choices=ReviewStatus.choices, label=_("Claim status"), initial=ReviewStatus.VERIFIED
    )
    statement_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    claim_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, data=None, *, claim: Claim, versions: Seen | None = None, initial: dict | None = None, **kwargs
    ):
        shown = {
            "topic": claim.topic_id,
            "stance": claim.stance,
            "summary": claim.summary,
            "summary_vi": claim.summary_vi,
        }
        if versions is not None:
            shown.update(statement_version=versions.statement, claim_version=versions.claim)
        super().__init__(data, initial={**shown, **(initial or {})}, **kwargs)
        self.fields["topic"].widget.chosen = claim.topic  # type: ignore[attr-defined]

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("summary") or cleaned.get("summary_vi")):
            self.add_error("summary", _("Give a summary, in English or in Vietnamese."))
        return cleaned

    def classification(self) -> Classification:
        data = self.cleaned_data
        return Classification(
            topic=data["topic"], stance=data["stance"], summary=data["summary"], summary_vi=data["summary_vi"]
        )

    def seen(self) -> Seen:
        return Seen(
            statement=self.cleaned_data["statement_version"], claim=self.cleaned_data["claim_version"]
        )


class AddStatementForm(forms.Form):
    """A statement from a span selected in the text: its speaker, and an existing claim of that
    speaker or a new one. The page's script fills the span and the speaker's claims."""

    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    # What the page showed as selected; the statement's quote is the article's text at the span.
    quote = forms.CharField(strip=False, required=False, widget=forms.HiddenInput)
    speaker = forms.ModelChoiceField(
        Speaker.objects.all(),
        label=_("Speaker"),
        required=False,
        widget=ChosenAutocompleteSelect(
            Claim._meta.get_field("speaker"), placeholder=_("Type a name or an alias: putin, vladimir…")
        ),
    )
    claim = forms.CharField(label=_("Claim"), required=False)
    topic = forms.ModelChoiceField(
        Topic.objects.all(),
        label=_("Topic"),
        required=False,
        widget=ChosenAutocompleteSelect(
            Claim._meta.get_field("topic"), placeholder=_("Type a word of the topic")
        ),
    )
    stance = forms.ChoiceField(choices=[("", "—"), *Stance.choices], label=_("Stance"), required=False)
    summary = forms.CharField(label=_("Summary (English)"), widget=_textarea(), required=False)
    summary_vi = forms.CharField(label=_("Summary (Vietnamese)"), widget=_textarea(), required=False)
    mode = forms.ChoiceField(
        choices=SpeechMode.choices,
        label=_("Mode"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Direct when the words are in quotation marks."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="add", **kwargs)

    def clean(self):
        cleaned = super().clean()
        speaker = cleaned.get("speaker")
        if speaker is None:
            self.add_error("speaker", _("Choose who said it."))
            return cleaned
        chosen = cleaned.get("claim") or ""
        if chosen == NEW_CLAIM:
            for name in ("topic", "stance"):
                if not cleaned.get(name):
                    self.add_error(name, _("A new claim needs this."))
            if not (cleaned.get("summary") or cleaned.get("summary_vi")):
                self.add_error("summary", _("Give a summary, in English or in Vietnamese."))
            cleaned["claim"] = None
        elif chosen.isascii() and chosen.isdigit():
            cleaned["claim"] = Claim.objects.select_related("speaker", "topic").filter(pk=chosen).first()
            if cleaned["claim"] is None or cleaned["claim"].speaker_id != speaker.pk:
                self.add_error(
                    "claim", _("Choose a claim of %(speaker)s, or a new claim.") % {"speaker": speaker}
                )
        else:
            self.add_error("claim", _("Choose one of the speaker's claims, or a new claim."))
        return cleaned

    def new_claim(self) -> tuple[Speaker, Classification] | None:
        data = self.cleaned_data
        if data["claim"] is not None:
            return None
        classification = Classification(
            topic=data["topic"], stance=data["stance"], summary=data["summary"], summary_vi=data["summary_vi"]
        )
        return data["speaker"], classification
