"""Checks a fact-checker relies on: every quote is its article's text at its span, and more."""

from collections import defaultdict

from django.db.models import F

from claims.choices import ContradictionKind, Stance
from claims.models import Claim, Contradiction, SpeakerAlias, Statement
from summit.text import fold

OPPOSITE = {frozenset({Stance.SUPPORTS, Stance.OPPOSES})}


def corpus_problems() -> list[str]:
    problems: list[str] = []
    statements = Statement.objects.select_related("article").only(
        "id", "quote", "start", "end", "article__body"
    )
    for s in statements.iterator(chunk_size=500):
        if s.article.body[s.start : s.end] != s.quote:
            problems.append(f"statement {s.id}: the article's text at {s.start}:{s.end} is not its quote")
    for claim_id, key in Claim.objects.filter(statements__isnull=True).values_list("id", "key"):
        problems.append(f"claim {claim_id} ({key}) has no statement")
    owners: dict[str, set[str]] = defaultdict(set)
    for name, slug in SpeakerAlias.objects.values_list("name", "speaker__slug"):
        owners[fold(name)].add(slug)
    for name, slugs in sorted(owners.items()):
        if len(slugs) > 1:
            problems.append(f"alias {name!r} is shared by {', '.join(sorted(slugs))}")
    pairs = Contradiction.objects.exclude(kind=ContradictionKind.DISCREPANCY).select_related(
        "claim_a", "claim_b"
    )
    for c in pairs.exclude(claim_a__topic=F("claim_b__topic")).filter(kind=ContradictionKind.OPPOSING):
        problems.append(
            f"contradiction {c.id}: opposing claims {c.claim_a_id} and {c.claim_b_id} are on different topics"
        )
    for c in pairs:
        if frozenset({c.claim_a.stance, c.claim_b.stance}) not in OPPOSITE:
            problems.append(
                f"contradiction {c.id} ({c.kind}): stances {c.claim_a.stance} and {c.claim_b.stance} are not opposite"
            )
    return problems
