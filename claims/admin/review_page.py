"""An article's review page: its text with every statement marked at its span; each candidate
confirmed with its claim classified in one form, or rejected; statements added from words
selected in the text. Every change is written to the records' history and to the admin's
Recent actions.

The page works with plain forms: a post redirects back to it, or shows it again with the
form's errors. Its script (claims/static/claims/review.js) posts the same forms asking for JSON
and updates the page in place, so what the fact-checker typed elsewhere on it stays.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms import Form
from django.http import HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from claims.admin.highlight import Span, highlight
from claims.admin.review_forms import AddStatementForm, ClassifyForm, DecisionForm
from claims.choices import ContradictionStatus, ReviewStatus
from claims.models import Claim, Contradiction, Statement
from claims.services.admin_review import (
    EditConflict,
    Seen,
    add_statement_at,
    confirm_and_classify,
    review_each,
    versions,
)
from claims.services.spans import check_span
from core.bilingual import in_language
from sources.models import Article

REVIEW_TEMPLATE = "admin/claims/article_review.html"
CARD_TEMPLATE = "admin/claims/review/candidate.html"
REVIEWED_TEMPLATE = "admin/claims/review/reviewed.html"
# The claims of a speaker the add panel offers, newest first.
CLAIMS_OFFERED = 50


class Refused(Exception):
    """A post the page does not act on, and the message that says why."""

    def __init__(self, message: str, level: int = messages.ERROR):
        super().__init__(message)
        self.message, self.level = message, level


@dataclass
class Card:
    """A candidate statement and the form that confirms it and classifies its claim."""

    statement: Statement
    form: ClassifyForm


class ReviewPage:
    """The review page of `article` for one request."""

    def __init__(self, model_admin, request, article: Article):
        self.model_admin = model_admin
        self.request = request
        self.article = article
        user = request.user
        self.can_decide = user.has_perm("claims.change_statement")
        self.can_classify = self.can_decide and user.has_perm("claims.change_claim")
        self.can_add = user.has_perm("claims.add_statement")
        self.can_add_claim = user.has_perm("claims.add_claim")

    @property
    def url(self) -> str:
        return reverse("admin:sources_article_review", args=[self.article.pk])

    def wants_json(self) -> bool:
        return self.request.get_preferred_type(["text/html", "application/json"]) == "application/json"

    # --- reading --------------------------------------------------------------------------------

    def statements(self) -> list[Statement]:
        return list(
            self.article.statements.select_related(
                "claim__speaker", "claim__topic", "created_by", "reviewed_by"
            )
            .prefetch_related("via__outlet", "via__speaker")
            .order_by("start", "-end", "id")
        )

    def cards(self, candidates: list[Statement], bound: tuple[int, ClassifyForm] | None = None) -> list[Card]:
        """A card for each candidate, its form at the versions of the statement and its claim."""
        seen_statements = versions(Statement, [s.pk for s in candidates])
        seen_claims = versions(Claim, {s.claim_id for s in candidates})
        cards = []
        for statement in candidates:
            if bound is not None and bound[0] == statement.pk:
                form = bound[1]
            else:
                seen = Seen(
                    statement=seen_statements.get(statement.pk), claim=seen_claims.get(statement.claim_id)
                )
                form = ClassifyForm(claim=statement.claim, versions=seen, prefix=f"s{statement.pk}")
            cards.append(Card(statement, form))
        return cards

    def body_html(self, statements: list[Statement]) -> tuple[str, list[Statement]]:
        """The text with the statements at their span marked; the statements not at it."""
        placed, misplaced = [], []
        for statement in statements:
            try:
                check_span(self.article.body, statement.quote, statement.start, statement.end)
            except ValidationError:
                misplaced.append(statement)
            else:
                placed.append(statement)
        spans = [
            Span(
                s.pk, s.start, s.end, s.status, title=f"#{s.pk} {s.claim.speaker} · {s.get_status_display()}"
            )
            for s in placed
        ]
        return highlight(self.article.body, spans), misplaced

    def context(self, *, bound: tuple[int, ClassifyForm] | None = None, add_form: Form | None = None) -> dict:
        statements = self.statements()
        body_html, misplaced = self.body_html(statements)
        candidates = [s for s in statements if s.status == ReviewStatus.CANDIDATE]
        claim_ids = {s.claim_id for s in statements}
        suspected = (
            Contradiction.objects.filter(Q(claim_a__in=claim_ids) | Q(claim_b__in=claim_ids))
            .filter(status=ContradictionStatus.SUSPECTED)
            .select_related("claim_a__speaker", "claim_b__speaker")
            .order_by("id")
        )
        if add_form is None and self.can_add:
            add_form = AddStatementForm()
        media = ClassifyForm.base_fields["topic"].widget.media
        return {
            **self.model_admin.admin_site.each_context(self.request),
            "title": _("Review: %(article)s") % {"article": self.article},
            "opts": self.model_admin.opts,
            "article": self.article,
            "body_html": body_html,
            "cards": self.cards(candidates, bound) if self.can_decide else [],
            "candidates": candidates,
            "reviewed": [s for s in statements if s.status != ReviewStatus.CANDIDATE],
            "misplaced": misplaced,
            "suspected": suspected,
            "can_review": self.can_decide,
            "can_classify": self.can_classify,
            "add_form": add_form,
            "can_add_claim": self.can_add_claim,
            "claims_url": reverse("admin:sources_article_review_claims", args=[self.article.pk]),
            "media": media,
        }

    def get(self):
        return TemplateResponse(self.request, REVIEW_TEMPLATE, self.context())

    # --- writing --------------------------------------------------------------------------------

    def post(self):
        try:
            if "decision" in self.request.POST:
                return self.decide()
            action = self.request.POST.get("action")
            if action == "classify":
                return self.classify()
            if action == "add":
                return self.add()
            raise Refused(_("The page posted nothing to do."))
        except Refused as refusal:
            return self.refused(refusal.message, refusal.level)

    def decide(self):
        if not self.can_decide:
            raise PermissionDenied
        form = DecisionForm(self.request.POST)
        if not form.is_valid():
            raise Refused(_("No such statement in this article."))
        statement = self._candidate(str(form.cleaned_data["statement"]))
        decision = form.cleaned_data["decision"]
        facts = {"id": statement.pk, "quote": statement}
        if decision == ReviewStatus.VERIFIED:
            reason = _("Confirmed on the article's review page")
            message = _("Statement %(id)s (%(quote)s) confirmed.") % facts
        else:
            reason = _("Rejected on the article's review page")
            message = _("Statement %(id)s (%(quote)s) rejected.") % facts
        review_each([statement], decision, self.request.user, reason=reason)
        self.model_admin.log_change(self.request, statement, reason)
        return self.done(message, changed=[statement])

    def classify(self):
        if not self.can_classify:
            raise PermissionDenied
        statement = self._candidate(self.request.POST.get("statement", ""))
        form = ClassifyForm(self.request.POST, claim=statement.claim, prefix=f"s{statement.pk}")
        if form.is_valid():
            reason = _("Confirmed on the article's review page")
            try:
                statement, changed = confirm_and_classify(
                    statement=statement,
                    classification=form.classification(),
                    claim_status=form.cleaned_data["claim_status"],
                    user=self.request.user,
                    seen=form.seen(),
                    reason=reason,
                )
            except EditConflict as conflict:
                form.add_error(None, conflict)
            except ValidationError as invalid:
                _add_errors(form, invalid)
            else:
                claim = statement.claim
                self.model_admin.log_change(self.request, statement, reason)
                if changed:
                    self.model_admin.log_change(self.request, claim, _classified(claim, changed))
                message = _("Statement %(id)s (%(quote)s) confirmed; claim %(claim)s is %(status)s.") % {
                    "id": statement.pk,
                    "quote": statement,
                    "claim": claim.pk,
                    "status": claim.get_status_display().lower(),
                }
                return self.done(message, changed=[statement])
        return self.invalid(form, bound=(statement.pk, form))

    def add(self):
        if not self.can_add:
            raise PermissionDenied
        form = AddStatementForm(self.request.POST)
        if form.is_valid():
            data = form.cleaned_data
            new_claim = form.new_claim()
            if new_claim is not None and not self.can_add_claim:
                raise PermissionDenied
            reason = _("Added on the article's review page")
            try:
                statement = add_statement_at(
                    article=self.article,
                    start=data["start"],
                    end=data["end"],
                    quote=data["quote"] or None,
                    claim=data["claim"],
                    new_claim=new_claim,
                    mode=data["mode"] or None,
                    user=self.request.user,
                    reason=reason,
                )
            except ValidationError as invalid:
                _add_errors(form, invalid)
            else:
                if new_claim is not None:
                    self.model_admin.log_addition(self.request, statement.claim, reason)
                self.model_admin.log_addition(self.request, statement, reason)
                message = _("Statement %(id)s (%(quote)s) added for %(speaker)s.") % {
                    "id": statement.pk,
                    "quote": statement,
                    "speaker": statement.claim.speaker,
                }
                return self.done(message, changed=[statement])
        return self.invalid(form, add_form=form)

    def _candidate(self, value: str) -> Statement:
        """The candidate statement of this article with id `value`."""
        statement = None
        if value.isascii() and value.isdigit():
            statement = (
                self.article.statements.select_related("claim__speaker", "claim__topic")
                .filter(pk=value)
                .first()
            )
        if statement is None:
            raise Refused(_("No such statement in this article."))
        if statement.status != ReviewStatus.CANDIDATE:
            # The page was stale: someone reviewed it since. Their decision stands.
            status = statement.get_status_display().lower()
            message = _("Statement %(id)s was already %(status)s.") % {"id": statement.pk, "status": status}
            raise Refused(message, level=messages.WARNING)
        return statement

    # --- answering ------------------------------------------------------------------------------

    def done(self, message: str, *, changed: list[Statement]):
        """After a change: back to the page, or for the script, what to update on it."""
        if not self.wants_json():
            messages.success(self.request, message)
            return HttpResponseRedirect(self.url)
        statements = self.statements()
        body_html, _misplaced = self.body_html(statements)
        candidates = [s for s in statements if s.status == ReviewStatus.CANDIDATE]
        # The changed statements' cards, and those of candidates of the same claims (their claim's
        # version and classification changed): the script replaces only the ones left untouched.
        claims = {s.claim_id for s in changed}
        refreshed = [s for s in candidates if s.claim_id in claims]
        cards = {
            str(card.statement.pk): render_to_string(CARD_TEMPLATE, self._card_context(card), self.request)
            for card in self.cards(refreshed)
        }
        reviewed = [s for s in statements if s.status != ReviewStatus.CANDIDATE]
        return JsonResponse(
            {
                "message": message,
                "body_html": body_html,
                "reviewed_html": render_to_string(REVIEWED_TEMPLATE, {"reviewed": reviewed}, self.request),
                "cards": cards,
                "removed": [s.pk for s in changed if s.status != ReviewStatus.CANDIDATE],
                "candidates": len(candidates),
            }
        )

    def _card_context(self, card: Card) -> dict:
        return {"card": card, "can_review": self.can_decide, "can_classify": self.can_classify}

    def invalid(self, form: Form, **shown):
        """A form that was refused: the page again with its errors, or the errors for the script."""
        if not self.wants_json():
            return TemplateResponse(self.request, REVIEW_TEMPLATE, self.context(**shown), status=400)
        conflict = any(error.code == "edit_conflict" for error in form.non_field_errors().as_data())
        return JsonResponse({"errors": _error_lines(form)}, status=409 if conflict else 400)

    def refused(self, message: str, level: int = messages.ERROR):
        if not self.wants_json():
            messages.add_message(self.request, level, message)
            return HttpResponseRedirect(self.url)
        return JsonResponse({"errors": [message]}, status=409 if level == messages.WARNING else 400)


def speaker_claims(request, article: Article) -> JsonResponse:
    """The claims of `?speaker=` the add panel offers: {"results": [{"id", "text"}]}."""
    speaker = request.GET.get("speaker", "")
    if not request.user.has_perm("claims.view_claim"):
        raise PermissionDenied
    if not (speaker.isascii() and speaker.isdigit()):
        return JsonResponse({"results": []})
    claims = Claim.objects.filter(speaker=speaker).select_related("topic").order_by("-id")[:CLAIMS_OFFERED]
    results = [
        {
            "id": claim.pk,
            "text": f"{claim.get_stance_display()} · {claim.topic.local_name} — "
            f"{Truncator(in_language(claim.summary_vi, claim.summary)).chars(90)}",
        }
        for claim in claims
    ]
    return JsonResponse({"results": results})


def _add_errors(form: Form, invalid: ValidationError) -> None:
    if hasattr(invalid, "error_dict"):
        for field, errors in invalid.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, invalid)


def _error_lines(form: Form) -> list[str]:
    lines: list[str] = []
    for field, errors in form.errors.items():
        shown = field in form.fields and not form[field].is_hidden
        label = form[field].label if shown else None
        lines.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return lines


def _classified(claim: Claim, changed: list[str]) -> str:
    """The Recent actions message of a claim classified on the review page."""
    names = [str(getattr(Claim._meta.get_field(name), "verbose_name", name)) for name in changed]
    if "status" in changed:
        names[changed.index("status")] = _("status (%(status)s)") % {
            "status": claim.get_status_display().lower()
        }
    return _("Classified on the article's review page: %(fields)s") % {"fields": ", ".join(names)}
