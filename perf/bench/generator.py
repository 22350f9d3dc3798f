"""A deterministic synthetic corpus, as batches of rows for COPY.

Pure Python and no database: the same `--claims` and `--seed` give the same rows on any
machine (one `random.Random` drawn in a fixed order), and the loader (`perf.bench.loader`)
only writes what this yields. Shapes follow the seed corpus: speakers with alias spellings,
articles whose bodies contain every quote at its span, about two statements per claim,
chains of intermediaries, and the three kinds of contradiction.
"""

from __future__ import annotations

import collections.abc as abc
import datetime as dt
import hashlib
import random
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

from core.text import fold
from perf.bench import vocab

BATCH = 10_000  # rows per batch: small enough to keep memory flat, big enough for COPY
ARTICLES_PER_BATCH = 2_000
STAMP = "2026-01-01 00:00:00+00"  # created_at/updated_at of every row: fixed, so runs compare equal
FIRST_DAY = dt.date(2019, 1, 1)
DAYS = 7 * 365
STANCES = ("supports", "opposes", "neutral")
RATINGS = (("false", "False"), ("mixture", "Half true"), ("true", "True"), ("other", "Unproven"))
# A newsroom's review state: most of what was recorded is reviewed and published, a backlog of
# candidates waits, some were rejected (the public sees verified rows, confirmed contradictions).
CLAIM_STATUSES = (("verified", 0.85), ("candidate", 0.95), ("rejected", 1.0))
STATEMENT_STATUSES = (("verified", 0.9), ("candidate", 0.97), ("rejected", 1.0))
CONTRADICTION_STATUSES = ("confirmed",) * 6 + ("suspected", "suspected", "dismissed")
PROPOSED_SPEAKERS = 100  # one speaker in this many was proposed by extraction and is not confirmed


def _status(draw: float, statuses: tuple[tuple[str, float], ...]) -> str:
    return next(status for status, below in statuses if draw < below)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


@dataclass(frozen=True)
class Sizes:
    """How many rows of each kind; 1M claims gives 10k speakers and 100k articles."""

    claims: int
    speakers: int
    articles: int
    outlets: int
    topics: int
    events: int

    @classmethod
    def for_claims(cls, claims: int) -> Sizes:
        return cls(
            claims=claims,
            speakers=_clamp(claims // 100, len(vocab.INSTITUTIONS) + 2, 10_000),
            articles=_clamp(claims // 10, 20, 100_000),
            outlets=_clamp(claims // 1_000, 5, len(vocab.OUTLETS)),
            topics=_clamp(claims // 1_000, 5, 1_000),
            events=_clamp(claims // 10_000, 3, 100),
        )


@dataclass
class Batch:
    table: str
    columns: tuple[str, ...]
    rows: list[tuple]


def _day(offset: int) -> str:
    return (FIRST_DAY + dt.timedelta(days=offset)).isoformat()


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())


def speaker_name(i: int) -> str:
    """A distinct Vietnamese-style name for each index (unique up to 125k speakers)."""
    f, m, g = vocab.FAMILY, vocab.MIDDLE, vocab.GIVEN
    base = len(f) * len(m) * len(g)
    name = f"{f[i % len(f)]} {m[i // len(f) % len(m)]} {g[i // (len(f) * len(m)) % len(g)]}"
    return name if i < base else f"{name} {g[i // base % len(g)]}"


class Generator:
    """Yields `Batch`es table by table; articles, statements and chains come interleaved."""

    def __init__(self, sizes: Sizes, seed: int = 0):
        self.sizes = sizes
        self.rng = random.Random(seed)
        n = sizes.claims
        # Per claim (index 0 is unused: ids start at 1).
        self.claim_speaker = array("i", bytes(4 * (n + 1)))
        self.claim_topic = array("i", bytes(4 * (n + 1)))
        self.spellings: list[tuple[str, ...]] = []  # per speaker id - 1: name and aliases
        self.contradictions: list[tuple] = []
        self.discrepant: dict[int, int] = {}  # claim id -> its first statement id (0: not seen yet)

    def batches(self) -> Iterator[Batch]:
        yield from self._outlets()
        yield from self._speakers()
        yield from self._topics_and_events()
        placements = yield from self._claims()
        yield from self._articles(placements)
        yield from self._contradictions()

    def sentence(self, low: int, high: int) -> str:
        rng = self.rng
        words = rng.choices(vocab.WORDS, k=rng.randint(low, high))
        if rng.random() < 0.01:
            words[rng.randrange(len(words))] = rng.choice(vocab.RARE_WORDS)
        text = " ".join(words)
        return text[0].upper() + text[1:]

    # --- reference tables ------------------------------------------------------------------

    def _outlets(self) -> Iterator[Batch]:
        kinds = ("newspaper", "agency", "broadcaster", "government")
        rows = [
            (i + 1, _slug(name), name, kinds[i % len(kinds)], "VN", "", "")
            for i, name in enumerate(vocab.OUTLETS[: self.sizes.outlets])
        ]
        yield Batch("sources_outlet", ("id", "slug", "name", "kind", "country", "url", "wikidata_id"), rows)

    def _speakers(self) -> Iterator[Batch]:
        speakers: list[tuple] = []
        aliases: list[tuple] = []
        names: tuple[str, ...]
        for i in range(self.sizes.speakers):
            sid = i + 1
            if i < len(vocab.INSTITUTIONS):
                name, kind, role = vocab.INSTITUTIONS[i], "institution", ""
                names = (f"{name} (cơ quan)", fold(name).title())
            else:
                name, kind = speaker_name(i), "person"
                role = vocab.ROLES[self.rng.randrange(len(vocab.ROLES))]
                honorific = "bà" if " Thị " in name else "ông"
                # The spellings sources use: with the role, with an honorific, without diacritics.
                names = (f"{role} {name}", f"{honorific} {name}", fold(name).title())
            status = "proposed" if sid % PROPOSED_SPEAKERS == 0 else "confirmed"
            speakers.append(
                (sid, f"{_slug(name)}-{sid}", name, kind, role, "VN", None, None, "", status, STAMP, STAMP)
            )
            aliases.extend((len(aliases) + 1, sid, alias) for alias in names)
            self.spellings.append((name, *names))
        columns = ("id", "slug", "name", "kind", "role", "country", "affiliation_id", "outlet_id")
        yield Batch(
            "claims_speaker", (*columns, "wikidata_id", "status", "created_at", "updated_at"), speakers
        )
        yield Batch("claims_speakeralias", ("id", "speaker_id", "name"), aliases)

    def _topics_and_events(self) -> Iterator[Batch]:
        topics = []
        subjects, predicates = vocab.TOPIC_SUBJECTS, vocab.TOPIC_PREDICATES
        for i in range(self.sizes.topics):
            s, p = i % len(subjects), i // len(subjects) % len(predicates)
            year = 2014 + i // (len(subjects) * len(predicates))
            name = f"{subjects[s]} {predicates[p]} ({year})"
            name_vi = f"{subjects[s]} {vocab.TOPIC_PREDICATES_VI[p]} ({year})"
            topics.append((i + 1, f"{_slug(name)}-{i + 1}", name, name_vi, ""))
        yield Batch("claims_topic", ("id", "slug", "name", "name_vi", "description"), topics)
        events = []
        places = ("Geneva", "Matxcơva", "Washington", "Brussels", "Sochi", "Hà Nội")
        for i in range(self.sizes.events):
            day = i * DAYS // self.sizes.events
            place = places[i % len(places)]
            events.append(
                (i + 1, f"event-{i + 1}", f"Meeting in {place} ({_day(day)})", f"Cuộc gặp tại {place}",
                 _day(day), _day(day + i % 3), place, "")
            )  # fmt: skip
        columns = ("id", "slug", "name", "name_vi", "starts_on", "ends_on", "location", "description")
        yield Batch("claims_event", columns, events)

    # --- claims ------------------------------------------------------------------------------

    def _claims(self) -> abc.Generator[Batch, None, tuple[array, array]]:
        """Claims and verdicts; returns where each claim's statements go: (claim ids, article ids)."""
        rng, sizes = self.rng, self.sizes
        columns = ("id", "key", "speaker_id", "topic_id", "stance", "summary", "summary_vi", "event_id",
                   "said_on", "status", "created_by_id", "reviewed_by_id", "reviewed_at", "created_at",
                   "updated_at")  # fmt: skip
        verdict_columns = ("id", "claim_id", "rating", "textual_rating", "explanation", "published",
                           "reviewer_id", "reviewed_on", "created_at", "updated_at")  # fmt: skip
        last_by_speaker = [0] * (sizes.speakers + 1)
        last_by_topic: dict[tuple[int, str], int] = {}
        stance_of = bytearray(sizes.claims + 1)
        placed_claims, placed_articles = array("i"), array("i")
        rows: list[tuple] = []
        verdicts: list[tuple] = []
        for cid in range(1, sizes.claims + 1):
            # A few prolific speakers and topics, a long tail of rare ones.
            speaker = 1 + int(sizes.speakers * rng.random() ** 2)
            topic = 1 + int(sizes.topics * rng.random() ** 1.5)
            stance = rng.randrange(3)
            previous = last_by_speaker[speaker]
            if previous and rng.random() < 0.01:  # the speaker reverses itself
                topic, stance = self.claim_topic[previous], 1 - stance_of[previous] % 2
                self.contradictions.append((previous, cid, None, None, "reversal"))
            elif stance < 2:
                rival = last_by_topic.get((topic, STANCES[1 - stance]))
                if rival and self.claim_speaker[rival] != speaker and rng.random() < 0.05:
                    self.contradictions.append((rival, cid, None, None, "opposing"))
                last_by_topic[(topic, STANCES[stance])] = cid
            last_by_speaker[speaker], stance_of[cid] = cid, stance
            self.claim_speaker[cid], self.claim_topic[cid] = speaker, topic
            name = self.spellings[speaker - 1][0]
            summary = f"{fold(name).title()} {' '.join(rng.choices(vocab.ENGLISH, k=rng.randint(4, 9)))}."
            event = 1 + rng.randrange(sizes.events) if rng.random() < 0.5 else None
            status = _status(rng.random(), CLAIM_STATUSES)
            rows.append(
                (cid, f"bench-{cid:07d}", speaker, topic, STANCES[stance], summary,
                 f"{name} {self.sentence(6, 14).lower()}", event, _day(rng.randrange(DAYS)), status,
                 None, None, None, STAMP, STAMP)
            )  # fmt: skip
            if rng.random() < 0.05:
                rating, text = RATINGS[rng.randrange(len(RATINGS))]
                published = len(verdicts) % 10 != 0  # one in ten still waits to be published
                verdicts.append(
                    (len(verdicts) + 1, cid, rating, text, "", published, None, _day(DAYS), STAMP, STAMP)
                )
            # One to three statements (two on average), each in a different article.
            r = rng.random()
            count = 1 + (r < 0.7) + (r < 0.3)
            chosen: list[int] = []
            while len(chosen) < min(count, sizes.articles):
                article = 1 + rng.randrange(sizes.articles)
                if article not in chosen:
                    chosen.append(article)
            placed_claims.extend([cid] * len(chosen))
            placed_articles.extend(chosen)
            if len(chosen) > 1 and rng.random() < 0.02:
                self.discrepant[cid] = 0
            if len(rows) == BATCH:
                yield Batch("claims_claim", columns, rows)
                rows = []
        yield Batch("claims_claim", columns, rows)
        yield Batch("claims_verdict", verdict_columns, verdicts)
        return placed_claims, placed_articles

    # --- articles, statements, chains ----------------------------------------------------

    def _articles(self, placements: tuple[array, array]) -> Iterator[Batch]:
        rng, sizes = self.rng, self.sizes
        by_article = _group(placements, sizes.articles)
        article_columns = ("id", "key", "title", "body", "content_hash", "language", "outlet_id",
                           "published_on", "byline", "url", "created_at", "updated_at")  # fmt: skip
        # The claim's speaker and the article's outlet are written here: the loader runs without
        # the triggers that copy them.
        statement_columns = ("id", "claim_id", "speaker_id", "article_id", "quote", "start", "end", "mode",
                             "status", "created_by_id", "reviewed_by_id", "reviewed_at", "created_at",
                             "updated_at", "outlet_id")  # fmt: skip
        via_columns = ("id", "statement_id", "position", "outlet_id", "speaker_id")
        articles: list[tuple] = []
        statements: list[tuple] = []
        chains: list[tuple] = []
        statement_id = via_id = 0
        for aid in range(1, sizes.articles + 1):
            title = self.sentence(8, 14)
            parts, pos = [title, "\n\n"], len(title) + 2
            quoted: list[tuple] = []  # this article's statements, until its outlet is drawn
            for cid in by_article[aid]:
                statement_id += 1
                direct = rng.random() < 0.6
                spelling = rng.choice(self.spellings[self.claim_speaker[cid] - 1])
                lead = f"{rng.choice(vocab.LEADS)}, {spelling} {rng.choice(vocab.VERBS)}"
                lead += ": “" if direct else " rằng "
                quote = self.sentence(6, 16) if direct else self.sentence(6, 16).lower()
                start = pos + len(lead)
                tail = "”. " if direct else ". "
                parts += [lead, quote, tail]
                pos = start + len(quote) + len(tail)
                if rng.random() < 0.3:  # narration between quotes
                    narration = self.sentence(8, 20) + ". "
                    parts.append(narration)
                    pos += len(narration)
                quoted.append(
                    (statement_id, cid, self.claim_speaker[cid], aid, quote, start, start + len(quote),
                     "direct" if direct else "indirect", _status(rng.random(), STATEMENT_STATUSES), None, None,
                     None, STAMP, STAMP)
                )  # fmt: skip
                for position, (outlet, speaker) in enumerate(self._chain()):
                    via_id += 1
                    chains.append((via_id, statement_id, position, outlet, speaker))
                self._note_discrepancy(cid, statement_id)
            if len(parts) == 2:
                parts.append(self.sentence(10, 20) + ".")
            body = "".join(parts)
            day = min(DAYS - 1, aid * DAYS // sizes.articles + rng.randrange(7))
            outlet = 1 + int(sizes.outlets * rng.random() ** 1.5)
            statements += [(*row, outlet) for row in quoted]
            articles.append(
                (aid, f"bench-{aid:06d}", title, body, hashlib.sha256(body.encode()).hexdigest(), "vi",
                 outlet, _day(day), "", "", STAMP, STAMP)
            )  # fmt: skip
            if len(articles) == ARTICLES_PER_BATCH or aid == sizes.articles:
                yield Batch("sources_article", article_columns, articles)
                yield Batch("claims_statement", statement_columns, statements)
                yield Batch("claims_statementvia", via_columns, chains)
                articles, statements, chains = [], [], []

    def _chain(self) -> list[tuple[int | None, int | None]]:
        """Half the statements came directly; the rest through an outlet, some via a speaker first."""
        rng = self.rng
        r = rng.random()
        if r < 0.5:
            return []
        outlet = 1 + rng.randrange(self.sizes.outlets)
        if r < 0.85:
            return [(outlet, None)]
        return [(None, 1 + rng.randrange(min(len(vocab.INSTITUTIONS), self.sizes.speakers))), (outlet, None)]

    def _note_discrepancy(self, cid: int, statement_id: int) -> None:
        first = self.discrepant.get(cid)
        if first is None:
            return
        if first == 0:
            self.discrepant[cid] = statement_id
        else:
            self.contradictions.append((cid, cid, first, statement_id, "discrepancy"))
            del self.discrepant[cid]

    def _contradictions(self) -> Iterator[Batch]:
        statuses = CONTRADICTION_STATUSES
        methods = ("detector", "detector", "fact_checker", "import")
        rows = [
            (i, a, b, sa, sb, kind, statuses[i % len(statuses)], methods[i % len(methods)], None, None,
             STAMP, STAMP)
            for i, (a, b, sa, sb, kind) in enumerate(self.contradictions, start=1)
        ]  # fmt: skip
        columns = ("id", "claim_a_id", "claim_b_id", "statement_a_id", "statement_b_id", "kind", "status",
                   "detected_by", "reviewed_by_id", "reviewed_at", "created_at", "updated_at")  # fmt: skip
        for i in range(0, len(rows), BATCH):
            yield Batch("claims_contradiction", columns, rows[i : i + BATCH])


def _group(placements: tuple[array, array], articles: int) -> list[array]:
    """The claims quoted in each article, in claim order (index: article id)."""
    claims, article_ids = placements
    grouped = [array("i") for _ in range(articles + 1)]
    for cid, aid in zip(claims, article_ids, strict=True):
        grouped[aid].append(cid)
    return grouped
