"""The admin's review work: bulk actions, and the article review page's writes (a statement
added from a span of the text, a statement confirmed with its claim classified).

Each record goes through `review()` / `review_contradiction()`, so the reviewer and the time
are stamped and simple-history writes one row per record, carrying the user and a reason
(set here too, so that a command or a test without a request still records who did it).

A page shows each record at a version: the id of its latest history row, which every save
writes. A write from the page names the versions it saw and is refused, whole, when another
save came in between (as the change forms do, core/admin/conflicts.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.choices import ReviewStatus
from claims.models import Claim, Contradiction, Speaker, Statement
from claims.services.claims import Classification, classify, create_claim, save_claim
from claims.services.history import attribute
from claims.services.review import review, review_contradiction
from claims.services.spans import text_at
from claims.services.statements import create_statement, mode_from_quotation_marks
from core.text import nfc
from sources.models import Article

Reviewable = TypeVar("Reviewable", Claim, Statement)


@transaction.atomic
def review_each(
    objects: Iterable[Reviewable], status: str, user, *, reason: str
) -> tuple[list[Reviewable], list[Reviewable]]:
    """Move every object not already at `status` there; returns (changed, left alone)."""
    changed, unchanged = [], []
    for obj in objects:
        if obj.status == status:  # no history row for a change that changes nothing
            unchanged.append(obj)
            continue
        attribute(obj, user, reason)
        review(obj, status, user)
        changed.append(obj)
    return changed, unchanged


@transaction.atomic
def review_contradictions(
    contradictions: Iterable[Contradiction], status: str, user, *, note: str | None, reason: str
) -> tuple[list[Contradiction], list[Contradiction]]:
    """Confirm or dismiss contradictions, adding `note` (when given) to each one's thread."""
    changed, unchanged = [], []
    for contradiction in contradictions:
        if contradiction.status == status and not (note and note.strip()):
            unchanged.append(contradiction)
            continue
        attribute(contradiction, user, reason)
        review_contradiction(contradiction, status, user, note=note or None)
        changed.append(contradiction)
    return changed, unchanged


def versions(model: type[Model], ids: Iterable[int]) -> dict[int, int]:
    """The version (latest history row id) of each record of `model` among `ids` that has one."""
    pk = model._meta.pk.attname
    rows = model.history.filter(**{f"{pk}__in": list(ids)}).values_list(pk).annotate(Max("history_id"))  # type: ignore[attr-defined]
    return dict(rows.order_by())


class EditConflict(ValidationError):
    """A record changed since the page that would change it was shown."""

    def __init__(self, obj: Model, latest):
        name = str(obj._meta.verbose_name).capitalize()
        if latest is None:  # its history was removed: nothing says who
            message = _("%(name)s %(id)s changed after this page was shown.") % {"name": name, "id": obj.pk}
        else:
            message = _("%(name)s %(id)s was changed by %(who)s at %(when)s, after this page was shown.") % {
                "name": name,
                "id": obj.pk,
                "who": latest.history_user or _("someone"),
                "when": timezone.localtime(latest.history_date).strftime("%Y-%m-%d %H:%M %Z"),
            }
        super().__init__(
            message + " " + _("Nothing was saved: reload the page to see the change."), code="edit_conflict"
        )


def check_version(obj: Model, seen: int | None) -> None:
    """Raises EditConflict unless `obj`'s latest version is the one `seen` (None: it had none)."""
    latest = obj.history.select_related("history_user").order_by("-history_id").first()  # type: ignore[attr-defined]
    if (latest.history_id if latest is not None else None) != seen:
        raise EditConflict(obj, latest)


@dataclass(frozen=True)
class Seen:
    """The versions of a statement and of its claim a page was shown at."""

    statement: int | None
    claim: int | None


@transaction.atomic
def confirm_and_classify(
    *, statement: Statement, classification: Classification, claim_status: str, user, seen: Seen, reason: str
) -> tuple[Statement, list[str]]:
    """Verifies `statement` and classifies its claim, moving the claim to `claim_status`: all of
    it, or nothing when either record changed since `seen`. Returns the statement and the
    claim's fields that changed (its status among them)."""
    if claim_status not in ReviewStatus.values:
        raise ValidationError(
            {"claim_status": _("Unknown review status %(status)r.") % {"status": claim_status}}
        )
    # Locked until commit, then read again: two pages holding one version cannot both pass.
    statement = Statement.objects.select_for_update().select_related("claim").get(pk=statement.pk)
    claim = Claim.objects.select_for_update().get(pk=statement.claim_id)
    check_version(statement, seen.statement)
    check_version(claim, seen.claim)
    changed = classify(claim, classification)
    if claim.status != claim_status:
        changed.append("status")
    if changed:
        attribute(claim, user, reason)
        if "status" in changed:
            review(claim, claim_status, user)
        else:
            save_claim(claim)  # a changed stance or topic has its contradictions recorded
    if statement.status != ReviewStatus.VERIFIED:
        attribute(statement, user, reason)
        review(statement, ReviewStatus.VERIFIED, user)
    statement.claim = claim
    return statement, changed


@transaction.atomic
def add_statement_at(
    *,
    article: Article,
    start: int,
    end: int,
    user,
    quote: str | None = None,
    claim: Claim | None = None,
    new_claim: tuple[Speaker, Classification] | None = None,
    mode: str | None = None,
    reason: str,
) -> Statement:
    """A candidate statement of the article's text at `start`:`end`, for `claim` or for a new
    claim (speaker, classification) made with it. The quote is the text at the span; a `quote`
    given too (what the page showed as selected) must be that text."""
    text = text_at(article.body, start, end)
    if quote is not None and nfc(quote) != text:
        raise ValidationError(
            {"quote": _("The article's text at %(start)s–%(end)s is “%(text)s”, not the selected text.")
             % {"start": start, "end": end, "text": text}}
        )  # fmt: skip
    if (claim is None) == (new_claim is None):
        raise ValueError("give either a claim or a new claim")
    if new_claim is not None:
        speaker, classification = new_claim
        claim = Claim(speaker=speaker, **classification.values())
        claim.full_clean()
        claim = create_claim(speaker=speaker, user=user, reason=reason, **classification.values())
    return create_statement(
        claim=claim,  # type: ignore[arg-type]
        article=article,
        quote=text,
        start=start,
        end=end,
        mode=mode or mode_from_quotation_marks(article.body, start, end),
        user=user,
        reason=reason,
    )
