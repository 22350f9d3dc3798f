"""The same claim across outlets: for a new statement, the existing claims of its speaker that it
may report too, suggested with a similarity score for a fact-checker to accept or keep separate.

Two texts are alike by pg_trgm's trigram similarity of their folds (`summit_fold`: no case, no
diacritics, đ as d), from 0 to 1. A pair is the same claim when its score reaches `THRESHOLD` and
both say it the same way round: a text that denies ("không", "phủ nhận", …) what the other asserts
is another claim, however many words they share. `evaluate_pairs` measures the rule on labelled
pairs (claims/evaluation/claim_pairs.json).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import FloatField, Func, Value
from django.utils import timezone
from django.utils.translation import gettext

from claims.choices import ReviewStatus, SuggestionDecision
from claims.models import ClaimSuggestion, Statement
from claims.services.history import attribute
from claims.services.notes import add_note
from claims.services.review import review
from core.text import Fold, fold, nfc

# Chosen on the labelled pairs (`evaluate_pairs`): the evaluate_extraction command reports its
# precision and recall.
THRESHOLD = 0.45
MOST_SUGGESTED = 5  # claims suggested for one statement, the most alike first
PAIRS = Path(__file__).resolve().parent.parent / "evaluation" / "claim_pairs.json"

# Words that turn a sentence the other way, folded. An even number of them cancel out ("không
# loại trừ" asserts what "loại trừ" denies). Set phrases that hold one of them without denying
# anything ("chưa từng có": unprecedented; "không chỉ": not only; "không ngừng": ceaselessly) do
# not count.
_NEGATION = re.compile(
    r"(?<!\w)(?:khong(?! chi| ngung)|chua(?! tung co)|chang|phu nhan|bac bo|loai tru)(?!\w)"
)


class Similarity(Func):
    """pg_trgm's `similarity(a, b)`: the share of trigrams the two texts have in common."""

    function = "similarity"
    output_field = FloatField()
    arity = 2


def polarity(text: str) -> int:
    """0 for a text that asserts, 1 for one that denies (by its count of negating words)."""
    return len(_NEGATION.findall(" ".join(fold(nfc(text)).split()))) % 2


def same_claim(score: float, text: str, other: str) -> bool:
    """The rule: alike enough, and the same way round."""
    return score >= THRESHOLD and polarity(text) == polarity(other)


def similar_claims(statement: Statement) -> list[tuple[int, float]]:
    """The claims of the statement's speaker that it says the same as, by their statements in
    other articles, as (claim id, best score), the most alike first. Rejected claims and rejected
    statements are left out, and so is the statement's own claim."""
    rows = (
        # The statements' own copy of their claim's speaker: walked from its (speaker, id) index.
        Statement.objects.filter(speaker_id=statement.claim.speaker_id)
        .exclude(article_id=statement.article_id)
        .exclude(claim_id=statement.claim_id)
        .exclude(status=ReviewStatus.REJECTED)
        .exclude(claim__status=ReviewStatus.REJECTED)
        .annotate(score=Similarity("quote_folded", Fold(Value(nfc(statement.quote)))))
        .filter(score__gte=THRESHOLD)
        .order_by("-score", "id")
        .values_list("claim_id", "quote", "score")
    )
    best: dict[int, float] = {}
    for claim_id, quote, score in rows:
        if claim_id not in best and same_claim(score, statement.quote, quote):
            best[claim_id] = min(score, 1.0)
    return sorted(best.items(), key=lambda item: (-item[1], item[0]))[:MOST_SUGGESTED]


@transaction.atomic
def suggest_claims(statement: Statement) -> list[ClaimSuggestion]:
    """Store a suggestion for each claim `statement` says the same as; a pair stored before, decided
    or not, is left as it is (a statement kept separate from a claim is not suggested it again)."""
    known = set(statement.suggestions.values_list("suggested_claim_id", flat=True))
    return [
        ClaimSuggestion.objects.create(
            statement=statement, claim_id=statement.claim_id, suggested_claim_id=claim_id, score=score
        )
        for claim_id, score in similar_claims(statement)
        if claim_id not in known
    ]


@transaction.atomic
def accept_suggestion(suggestion: ClaimSuggestion, *, user) -> ClaimSuggestion:
    """Move the statement to the suggested claim. Its former claim, left without statements while
    still a candidate, is rejected with a note naming where its statement went (nothing is
    deleted); the statement's other pending suggestions are kept separate, since a statement
    reports one claim. Each change is in its record's history, by `user`."""
    suggestion = ClaimSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    statement = Statement.objects.select_for_update().select_related("claim").get(pk=suggestion.statement_id)
    if statement.claim_id != suggestion.claim_id:
        raise ValidationError(
            gettext("The statement is no longer in claim %(claim)s: this suggestion cannot be accepted.")
            % {"claim": suggestion.claim_id}
        )
    former = statement.claim
    target = suggestion.suggested_claim
    reason = gettext("Moved to claim %(claim)s, which says the same (suggestion accepted)") % {
        "claim": target.pk
    }
    statement.claim = target
    attribute(statement, user, reason)
    statement.full_clean()
    statement.save()
    _decide(suggestion, SuggestionDecision.ACCEPTED, user)
    others = statement.suggestions.filter(decision=SuggestionDecision.PENDING).exclude(pk=suggestion.pk)
    for other in others:
        _decide(other, SuggestionDecision.SEPARATE, user)
    if former.status == ReviewStatus.CANDIDATE and not former.statements.exists():
        note = gettext("Its statement %(statement)s moved to claim %(claim)s, which says the same.")
        add_note(former, text=note % {"statement": statement.pk, "claim": target.pk}, user=user)
        attribute(former, user, gettext("Its statement moved to claim %(claim)s") % {"claim": target.pk})
        review(former, ReviewStatus.REJECTED, user)
    return suggestion


@transaction.atomic
def keep_separate(suggestion: ClaimSuggestion, *, user) -> ClaimSuggestion:
    """Record that the statement's claim is not the suggested one; it is not suggested again. An
    accepted suggestion stays accepted: its statement is in the suggested claim."""
    suggestion = ClaimSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.decision == SuggestionDecision.ACCEPTED:
        raise ValidationError(
            gettext("This suggestion was accepted: its statement is in claim %(claim)s.")
            % {"claim": suggestion.suggested_claim_id}
        )
    _decide(suggestion, SuggestionDecision.SEPARATE, user)
    return suggestion


def _decide(suggestion: ClaimSuggestion, decision: str, user) -> None:
    suggestion.decision = decision
    suggestion.decided_by = user if user is not None and user.is_authenticated else None
    suggestion.decided_at = timezone.now()
    if user is not None and user.is_authenticated:
        suggestion._history_user = user  # type: ignore[attr-defined]  # simple-history's row for it
    suggestion.save()


# --- Measuring the rule on labelled pairs ---------------------------------------------------


@dataclass(frozen=True)
class MatchingScore:
    threshold: float
    pairs: int
    same: int  # pairs labelled the same claim
    suggested: int  # pairs the rule calls the same claim
    correct: int  # of those, labelled the same claim

    @property
    def precision(self) -> float:
        return self.correct / self.suggested if self.suggested else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.same if self.same else 1.0


def similarities(texts: list[tuple[str, str]]) -> list[float]:
    """The trigram similarity of each pair's folds, as `similar_claims` computes it."""
    if not texts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT similarity(summit_fold(a), summit_fold(b)) "
            "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS pair(a, b, n) ORDER BY n",
            [[nfc(a) for a, _ in texts], [nfc(b) for _, b in texts]],
        )
        return [score for (score,) in cursor.fetchall()]


def evaluate_pairs(path: Path = PAIRS) -> MatchingScore:
    """Precision and recall of the rule on labelled pairs: a pair is suggested when its two
    speakers are one and `same_claim` holds for its texts."""
    pairs = json.loads(path.read_text(encoding="utf-8"))["pairs"]
    scores = similarities([(p["a"]["text"], p["b"]["text"]) for p in pairs])
    suggested = [
        p["a"]["speaker"] == p["b"]["speaker"] and same_claim(score, p["a"]["text"], p["b"]["text"])
        for p, score in zip(pairs, scores, strict=True)
    ]
    return MatchingScore(
        threshold=THRESHOLD,
        pairs=len(pairs),
        same=sum(1 for p in pairs if p["same"]),
        suggested=sum(suggested),
        correct=sum(1 for p, s in zip(pairs, suggested, strict=True) if s and p["same"]),
    )
