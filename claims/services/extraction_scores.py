"""How well candidate extraction does: against the seeds' curated statements, and against the
development set's hand-labelled ones.

On the seeds a candidate is right when it overlaps a verified statement of its speaker. On the
development set, `devset/README.md` gives the rules: a candidate is judged against the label it
resembles most; it is correct when its speaker is the label's (a known speaker, or a new one the
proposal names), misattributed when it overlaps a label and is not. Nothing is stored: the
development set's articles are read from their files and never saved.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claims.choices import ReviewStatus
from claims.models import Statement
from claims.services.reported_speech import Candidate, SpeakerNames, find_candidates
from claims.services.speaker_phrases import Who
from core.text import fold, nfc
from sources.models import Article

SPLITS = ("tuning", "heldout")


@dataclass
class ArticleScore:
    key: str
    candidates: int  # attributed candidates, the ones `store_candidates` would store
    curated: int  # verified statements
    true_positives: int  # candidates overlapping a curated statement of their speaker
    found: int  # curated statements some candidate of their speaker overlaps
    misattributed: int = 0  # candidates overlapping curated statements, none of their speaker

    @property
    def precision(self) -> float:
        return _ratio(self.true_positives, self.candidates)

    @property
    def recall(self) -> float:
        return _ratio(self.found, self.curated)

    @property
    def misattribution_rate(self) -> float:
        return self.misattributed / self.candidates if self.candidates else 0.0


@dataclass
class Scores:
    articles: list[ArticleScore]

    @property
    def total(self) -> ArticleScore:
        """Micro-averaged over every article."""
        return ArticleScore(
            "overall",
            sum(a.candidates for a in self.articles),
            sum(a.curated for a in self.articles),
            sum(a.true_positives for a in self.articles),
            sum(a.found for a in self.articles),
            sum(a.misattributed for a in self.articles),
        )


def evaluate(articles: Iterable[Article], names: SpeakerNames | None = None) -> Scores:
    """Compare `find_candidates` (nothing stored) with the verified statements of each article.

    A proposed speaker matches no curated statement: every curated one has a known speaker."""
    names = names or SpeakerNames()
    scores = []
    for article in articles:
        candidates = [c for c in find_candidates(article, names) if c.who is not None]
        curated = list(
            Statement.objects.filter(article=article, status=ReviewStatus.VERIFIED).values_list(
                "claim__speaker_id", "start", "end"
            )
        )

        def match(c: Candidate, row: tuple[int, int, int]) -> bool:
            speaker_id, start, end = row
            return c.speaker is not None and c.speaker.pk == speaker_id and c.overlaps(start, end)

        right = [c for c in candidates if any(match(c, row) for row in curated)]
        scores.append(
            ArticleScore(
                article.key,
                len(candidates),
                len(curated),
                len(right),
                sum(1 for row in curated if any(match(c, row) for c in candidates)),
                sum(1 for c in candidates if c not in right and any(c.overlaps(s, e) for _, s, e in curated)),
            )
        )
    return Scores(scores)


@dataclass(frozen=True)
class Label:
    """One hand-labelled statement of a development-set article."""

    id: str
    article: str
    start: int
    end: int
    quote: str
    speaker: dict[str, Any]
    via: list[dict[str, Any]]
    mode: str


@dataclass
class SetScore:
    """The figures of one set of articles; the ratios are 1.0 over nothing (no error made)."""

    name: str
    candidates: int = 0  # attributed candidates: a known speaker or a proposed one
    labels: int = 0
    correct: int = 0
    found: int = 0  # labels some correct candidate is judged against
    misattributed: int = 0
    mode_right: int = 0  # of the correct candidates
    via_right: int = 0  # of the correct candidates
    errors: list[str] = field(default_factory=list)  # what went wrong, for whoever tunes

    @property
    def precision(self) -> float:
        return _ratio(self.correct, self.candidates)

    @property
    def recall(self) -> float:
        return _ratio(self.found, self.labels)

    @property
    def misattribution_rate(self) -> float:
        return self.misattributed / self.candidates if self.candidates else 0.0

    def add(self, other: SetScore) -> None:
        for name in ("candidates", "labels", "correct", "found", "misattributed", "mode_right", "via_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors


def _ratio(part: int, whole: int) -> float:
    # Nothing to find, or nothing found: no error was made (scikit-learn's zero_division=1).
    return part / whole if whole else 1.0


def load_labels(directory: Path) -> list[Label]:
    rows = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
    return [Label(**row) for row in rows]


def load_articles(directory: Path) -> dict[str, Article]:
    """The split's articles, unsaved: key `devset-<stem>`, title the first line."""
    articles = {}
    for path in sorted(directory.glob("*.txt")):
        body = nfc(path.read_text(encoding="utf-8"))
        articles[path.stem] = Article(key=f"devset-{path.stem}", title=body.split("\n", 1)[0], body=body)
    return articles


def _names_in(phrase: str, names: Iterable[str]) -> bool:
    folded = fold(phrase)
    return any(fold(name) in folded for name in names)


def _speaker_is(candidate: Candidate, wanted: dict[str, Any]) -> bool:
    speaker, proposed = candidate.speaker, candidate.proposed
    if "known" in wanted:
        return speaker is not None and speaker.slug == wanted["known"]
    return speaker is None and proposed is not None and _names_in(proposed.phrase, wanted["names"])


def _source_is(source: Who, wanted: dict[str, Any]) -> bool:
    """One intermediary against the label's: a known speaker, an outlet, or a proposal naming it."""
    speaker, outlet = source.speaker, source.outlet
    if "known" in wanted:
        return speaker is not None and speaker.slug == wanted["known"]
    if "outlet" in wanted:
        slug = wanted["outlet"]
        return (outlet is not None and outlet.slug == slug) or (
            speaker is not None and speaker.outlet is not None and speaker.outlet.slug == slug
        )
    if outlet is not None:
        return _names_in(outlet.name, wanted["names"])
    return source.proposed is not None and _names_in(source.proposed.phrase, wanted["names"])


def _likeness(candidate: Candidate, label: Label) -> float:
    common = min(candidate.end, label.end) - max(candidate.start, label.start)
    if common <= 0:
        return 0.0
    return common / (max(candidate.end, label.end) - min(candidate.start, label.start))


def score_article(name: str, candidates: list[Candidate], labels: list[Label]) -> SetScore:
    score = SetScore(name, labels=len(labels))
    found: set[str] = set()
    for candidate in candidates:
        if candidate.speaker is None and candidate.proposed is None:
            continue
        score.candidates += 1
        best = max(labels, key=lambda label: _likeness(candidate, label), default=None)
        if best is None or _likeness(candidate, best) == 0.0:
            score.errors.append(f"{name}: not a statement: {candidate.quote!r} ({_who(candidate)})")
            continue
        if not _speaker_is(candidate, best.speaker):
            score.misattributed += 1
            score.errors.append(
                f"{name}: {best.id} misattributed to {_who(candidate)}, labelled {_wanted(best.speaker)}"
            )
            continue
        score.correct += 1
        found.add(best.id)
        score.mode_right += candidate.mode == best.mode
        via = list(candidate.via)
        if len(via) == len(best.via) and all(map(_source_is, via, best.via)):
            score.via_right += 1
        else:
            score.errors.append(
                f"{name}: {best.id} via {[_who_source(s) for s in via]}, labelled "
                f"{[_wanted(w) for w in best.via]}"
            )
    score.found = len(found)
    score.errors += [
        f"{name}: {label.id} missed: {label.quote!r}" for label in labels if label.id not in found
    ]
    return score


def _who(candidate: Candidate) -> str:
    if candidate.speaker is not None:
        return candidate.speaker.slug
    return f"new {candidate.proposed.phrase!r}" if candidate.proposed is not None else "nobody"


def _who_source(source: Who) -> str:
    if source.speaker is not None:
        return str(source.speaker.slug)
    if source.outlet is not None:
        return f"outlet {source.outlet.slug}"
    return f"new {source.proposed.phrase!r}" if source.proposed is not None else "nobody"


def _wanted(wanted: dict[str, Any]) -> str:
    return wanted.get("known") or wanted.get("outlet") or f"new {wanted['new']!r}"


def score_split(
    directory: Path,
    names: SpeakerNames | None = None,
    extract: Callable[[Article, SpeakerNames], list[Candidate]] = find_candidates,
) -> SetScore:
    """One split of the development set (`devset/tuning` or `devset/heldout`)."""
    names = names or SpeakerNames()
    labels = load_labels(directory)
    total = SetScore(directory.name)
    for stem, article in load_articles(directory).items():
        mine = [label for label in labels if label.article == stem]
        total.add(score_article(stem, extract(article, names), mine))
    return total


def load_pairs(directory: Path) -> list[tuple[str, str]]:
    """The development set's same-statement pairs, as label ids."""
    rows = json.loads((directory / "same_statement_pairs.json").read_text(encoding="utf-8"))
    return [(row["a"], row["b"]) for row in rows]
