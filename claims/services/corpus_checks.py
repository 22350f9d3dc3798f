"""Whole-corpus consistency: what no single write can check, or what bypassed the checks.

Spans are validated on every write through the services, but `QuerySet.update()`, raw SQL or a
hand-edited fixture go around them; aliases and contradictions are only wrong in relation to
other rows. `check_corpus()` lists every problem; an empty list means the corpus is sound.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import F
from django.utils.translation import gettext

from claims.choices import ContradictionKind, ContradictionStatus
from claims.models import Claim, Contradiction, Speaker, SpeakerAlias, Statement
from claims.services.detection import OPPOSITE
from claims.triggers import STANDING_COUNTS
from core.text import fold
from sources.models import Article


@dataclass(frozen=True)
class Problem:
    kind: str  # "span", "claim", "speaker", "outlet", "alias", "contradiction": a key, not translated
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


def check_corpus() -> list[Problem]:
    return [
        *broken_spans(),
        *claims_without_statements(),
        *speakers_out_of_step(),
        *contradiction_counts_out_of_step(),
        *outlets_out_of_step(),
        *shared_aliases(),
        *inconsistent_contradictions(),
    ]


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def broken_spans() -> list[Problem]:
    """Statements whose quote is not their article's text at their span."""
    problems = []
    # One article body in memory at a time, however large the corpus.
    for article in Article.objects.only("pk", "key", "body").order_by("pk").iterator():
        body = article.body
        rows = (
            Statement.objects.filter(article=article)
            .order_by("pk")
            .values_list("pk", "quote", "start", "end")
        )
        for pk, quote, start, end in rows:
            if body[start:end] == quote:
                continue
            where = (
                gettext("the text there is %(text)s") % {"text": _short(body[start:end])}
                if end <= len(body)
                else gettext("the body has only %(length)d characters") % {"length": len(body)}
            )
            message = gettext(
                "statement %(id)s in article %(article)s at %(start)d:%(end)d: %(where)s, not the quote %(quote)s"
            )
            values = {
                "id": pk,
                "article": article.key,
                "start": start,
                "end": end,
                "where": where,
                "quote": _short(quote),
            }
            problems.append(Problem("span", message % values))
    return problems


def claims_without_statements() -> list[Problem]:
    """A claim no article reports cannot be attributed: the API would serve it without a source."""
    rows = (
        Claim.objects.filter(statements__isnull=True).order_by("pk").values_list("pk", "key", "speaker__slug")
    )
    message = gettext("claim %(id)s (%(key)s, %(speaker)s) has no statement")
    return [
        Problem("claim", message % {"id": pk, "key": key, "speaker": speaker}) for pk, key, speaker in rows
    ]


def speakers_out_of_step() -> list[Problem]:
    """Statements whose copy of the speaker is not their claim's: only a write with the triggers
    off (claims/triggers.py) can leave one, and the `speaker` filter would list it wrongly."""
    rows = (
        Statement.objects.exclude(speaker_id=F("claim__speaker_id"))
        .order_by("pk")
        .values_list("pk", "speaker__slug", "claim_id", "claim__speaker__slug")
    )
    message = gettext(
        "statement %(id)s is listed under %(listed)s, its claim %(claim)s's speaker is %(speaker)s"
    )
    return [
        Problem("speaker", message % {"id": pk, "listed": listed, "claim": claim, "speaker": speaker})
        for pk, listed, claim, speaker in rows
    ]


def outlets_out_of_step() -> list[Problem]:
    """Statements whose copy of the outlet is not their article's: only a write with the
    triggers off (claims/triggers.py) can leave one, and the `outlet` filters would list it
    wrongly."""
    rows = (
        # Different, or one of them none (Django's exclude of an equality counts nulls as
        # different); both none is in step.
        Statement.objects.exclude(outlet_id=F("article__outlet_id"))
        .exclude(outlet_id__isnull=True, article__outlet_id__isnull=True)
        .order_by("pk")
        .values_list("pk", "outlet__slug", "article__key", "article__outlet__slug")
    )
    message = gettext(
        "statement %(id)s is listed under %(listed)s, its article %(article)s's outlet is %(outlet)s"
    )
    return [
        Problem(
            "outlet",
            message
            % {
                "id": pk,
                "listed": listed or gettext("no outlet"),
                "article": article,
                "outlet": outlet or gettext("no outlet"),
            },
        )
        for pk, listed, article, outlet in rows
    ]


def contradiction_counts_out_of_step() -> list[Problem]:
    """Claims whose kept count of standing contradictions is not the count of their rows: only a
    write with the triggers off (claims/triggers.py) can leave one, and `has_contradictions`
    would list it wrongly."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT claim.id, claim.key, claim.standing_contradictions, coalesce(counted.standing, 0) "
            f"FROM claims_claim AS claim LEFT JOIN ({STANDING_COUNTS}) AS counted ON counted.claim_id = claim.id "
            "WHERE claim.standing_contradictions <> coalesce(counted.standing, 0) ORDER BY claim.id"
        )
        rows = cursor.fetchall()
    message = gettext(
        "claim %(id)s (%(key)s) is counted in %(kept)d standing contradictions, it is in %(standing)d"
    )
    return [
        Problem("claim", message % {"id": pk, "key": key, "kept": kept, "standing": standing})
        for pk, key, kept, standing in rows
    ]


def shared_aliases() -> list[Problem]:
    """Spellings (names and aliases, folded as search folds them) that name two speakers.

    Speaker look-up and extraction could not tell who is meant.
    """
    owners: dict[str, dict[str, str]] = defaultdict(dict)  # folded spelling -> speaker slug -> as written
    names = list(SpeakerAlias.objects.values_list("name", "speaker__slug"))
    names += list(Speaker.objects.values_list("name", "slug"))
    for name, slug in names:
        owners[" ".join(fold(name).split())].setdefault(slug, name)
    message = gettext("%(spelling)s names more than one speaker: %(speakers)s")
    return [
        Problem(
            "alias",
            message
            % {
                "spelling": repr(key),
                "speakers": ", ".join(f"{slug} ({written!r})" for slug, written in sorted(speakers.items())),
            },
        )
        for key, speakers in sorted(owners.items())
        if len(speakers) > 1
    ]


def inconsistent_contradictions() -> list[Problem]:
    """Pairs whose claims do not fit their kind. A dismissed pair records that it does not hold,
    so whatever its claims say now is no fault."""
    problems = []
    rows = (
        Contradiction.objects.exclude(status=ContradictionStatus.DISMISSED)
        .select_related("claim_a__topic", "claim_b__topic", "statement_a", "statement_b")
        .order_by("pk")
    )
    for contradiction in rows:
        problems += [
            Problem(
                "contradiction",
                gettext("contradiction %(id)s: %(fault)s") % {"id": contradiction.pk, "fault": m},
            )
            for m in _faults(contradiction)
        ]
    return problems


def _faults(contradiction: Contradiction) -> list[str]:
    a, b = contradiction.claim_a, contradiction.claim_b
    kind = contradiction.kind
    if kind == ContradictionKind.DISCREPANCY:
        statements = [contradiction.statement_a, contradiction.statement_b]
        if sorted(s.claim_id for s in statements if s is not None) != sorted([a.pk, b.pk]):
            message = gettext("discrepancy between statements that do not belong to claims %(a)s and %(b)s")
            return [message % {"a": a.pk, "b": b.pk}]
        return []
    faults = []
    if a.topic_id != b.topic_id:
        message = gettext(
            "%(kind)s between claims of different topics: %(a)s (%(topic_a)s), %(b)s (%(topic_b)s)"
        )
        faults.append(
            message % {"kind": kind, "a": a.pk, "topic_a": a.topic.slug, "b": b.pk, "topic_b": b.topic.slug}
        )
    if OPPOSITE.get(a.stance) != b.stance:  # type: ignore[call-overload]
        message = gettext(
            "%(kind)s between stances that are not opposite: %(a)s %(stance_a)s, %(b)s %(stance_b)s"
        )
        faults.append(
            message % {"kind": kind, "a": a.pk, "stance_a": a.stance, "b": b.pk, "stance_b": b.stance}
        )
    if kind == ContradictionKind.REVERSAL and a.speaker_id != b.speaker_id:
        faults.append(
            gettext("reversal between claims of different speakers: %(a)s, %(b)s") % {"a": a.pk, "b": b.pk}
        )
    if kind == ContradictionKind.OPPOSING and a.speaker_id == b.speaker_id:
        message = gettext("opposing claims %(a)s, %(b)s have one speaker: that is a reversal")
        faults.append(message % {"a": a.pk, "b": b.pk})
    return faults


def corpus_counts() -> tuple[int, int, int]:
    return Statement.objects.count(), Claim.objects.count(), Contradiction.objects.count()
