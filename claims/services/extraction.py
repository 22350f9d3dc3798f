"""Finding reported speech in an article: candidates for a fact-checker to review, never facts.

The heuristics fit Vietnamese news prose. A candidate is either a quotation (direct speech) or
the clause a reporting verb ("cho biết", "nhấn mạnh", …) or "Theo X," introduces (indirect
speech). Its speaker is found among the speakers' names and aliases, compared folded (no case,
no diacritics), so "Ông Putin" matches the alias "ông Putin". Nothing here is stored except by
`store_candidates`, which files every resolved candidate as a `candidate` statement.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.db import transaction

from claims.choices import ReviewStatus, SpeakerKind, SpeechMode, Stance
from claims.models import Claim, Speaker, SpeakerAlias, Statement, Topic
from claims.services.claims import save_claim
from claims.services.statements import create_statement
from core.text import fold, nfc
from sources.models import Article

UNCLASSIFIED_SLUG = "unclassified"
UNCLASSIFIED_NAME = "Unclassified: to be assigned by a fact-checker"

# An opening mark and the marks that may close it: sources mix straight and curly quotes
# ("Cuộc gặp … điểm chung” opens straight and closes curly).
QUOTE_PAIRS = {"“": '”"', '"': '"”', "‘": "’"}
MIN_DIRECT_WORDS = 5  # shorter quotations are scare quotes (“nóng – lạnh”), not speech
MIN_INDIRECT_WORDS = 3
MAX_GAP_WORDS = 6  # between a speaker's name and its verb ("Ông Putin đã đáp lại lời cảnh báo")
MAX_INTRO_WORDS = 8  # between a verb and the quotation it introduces ("cho biết, hợp tác … “")
MAX_THEO_WORDS = 10  # "Theo người phát ngôn Điện Kremlin, …"
RANG_WITHIN_WORDS = 12  # "cảnh báo Tổng thống Nga Vladimir Putin rằng …": the content follows rằng

# Longest first, so that "tái khẳng định" is one cue, not "khẳng định" inside it.
REPORTING_VERBS = sorted(
    [
        "cho biết", "cho hay", "cho rằng", "nói", "nhấn mạnh", "tuyên bố", "cảnh báo", "yêu cầu",
        "phủ nhận", "bác bỏ", "đề xuất", "bày tỏ", "khẳng định", "tái khẳng định", "xác nhận",
        "thông báo", "nêu rõ", "chỉ ra", "kêu gọi", "phàn nàn", "mô tả", "đưa tin",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
# "nói chuyện" is to talk, not to say.
_EXCEPT = {"nói": r"(?!\s+chuyện)"}
_VERB = re.compile(
    r"(?<!\w)(?:"
    + "|".join(r"\s+".join(map(re.escape, v.split())) + _EXCEPT.get(v, "") for v in REPORTING_VERBS)
    + r")(?!\w)",
    re.IGNORECASE,
)
_THEO = re.compile(r"(?<!\w)theo\s+", re.IGNORECASE)
_RANG = re.compile(r"(?<!\w)rằng(?!\w)", re.IGNORECASE)
# A subject that points back at someone named before: "Đồng thời ông cũng nhấn mạnh".
PRONOUNS = {"ông", "bà", "họ"}
_TRAILING = re.compile(r"(?:[\s,;:–-]|(?<!\w)(?:trong khi|nhưng|song|và|còn)(?!\w))+$", re.IGNORECASE)
_COORDINATED = re.compile(r"(?:,|(?<!\w)và)\s*(?:(?:cũng|đã|còn)\s+)*$", re.IGNORECASE)
# "tuyên bố của X cho biết" is X's statement speaking, so "của" after those nouns does not count.
_COMPLEMENT = re.compile(
    r"(?<!\w)(?:(?<!tuyên bố\s)(?<!thông báo\s)(?<!phát biểu\s)của|do|với|cho|về|đến|tới|giữa"
    r"|quan\s+chức|phụ\s+tá)\s+$",
    re.IGNORECASE,
)
# "Tổng thống Putin sẽ bày tỏ …", "ông Biden dự định …": a forecast by whoever reports it.
_FUTURE = re.compile(r"\s*(?:sẽ|dự định|dự kiến)(?!\w)", re.IGNORECASE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Candidate:
    """One piece of reported speech: `article.body[start:end] == quote`."""

    start: int
    end: int
    quote: str
    mode: str  # SpeechMode
    speaker: Speaker | None
    cue: str  # what found it: "quotation", a reporting verb, or "theo"

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


@dataclass(frozen=True)
class _Mention(_Span):
    speaker: Speaker


@dataclass(frozen=True)
class _Quotation(_Span):
    """Outer span, marks included; `inner` is the text between them, whitespace trimmed."""

    inner: _Span


@dataclass(frozen=True)
class _Cue(_Span):
    word: str
    speaker: Speaker | None
    mention: _Mention | None  # where the speaker is named, when it is named in this sentence
    content_start: int  # where the reported clause begins


def _words(text: str) -> int:
    return len(_WORD.findall(text))


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isspace():
        return " "
    folded = fold(ch)
    return folded if len(folded) == 1 else ch


def _fold_aligned(text: str) -> str:
    """`fold()` one character at a time, so offsets in the result are offsets in `text`."""
    return "".join(_fold_char(ch) for ch in text)


class SpeakerNames:
    """Every speaker's name and aliases as folded patterns; a spelling two speakers share is left
    out (it would attribute speech by guesswork; `check_corpus` reports it). A spelling with days
    of validity (a title: "Tổng thống Mỹ") names its speaker only in articles of those days, or
    of unknown date."""

    def __init__(self) -> None:
        owners: dict[str, dict[int, Speaker]] = {}
        periods: dict[str, list[tuple[dt.date | None, dt.date | None]]] = {}
        aliases = SpeakerAlias.objects.select_related("speaker")
        names = [(a.name, a.speaker, (a.valid_from, a.valid_until)) for a in aliases]
        names += [(s.name, s, (None, None)) for s in Speaker.objects.all()]
        for name, speaker, period in names:
            key = " ".join(_fold_aligned(nfc(name)).split())
            if key:
                owners.setdefault(key, {})[speaker.pk] = speaker
                periods.setdefault(key, []).append(period)
        self.patterns = [
            (
                re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, key.split())) + r"(?!\w)"),
                speaker,
                periods[key],
            )
            for key, speakers in owners.items()
            if len(speakers) == 1
            for speaker in speakers.values()
        ]

    def mentions(self, body: str, on: dt.date | None = None) -> list[_Mention]:
        """Where speakers are named in a text of day `on`; of overlapping names the longest wins."""
        folded = _fold_aligned(body)
        found = [
            _Mention(m.start(), m.end(), speaker)
            for pattern, speaker, periods in self.patterns
            if on is None or any((a is None or a <= on) and (b is None or on <= b) for a, b in periods)
            for m in pattern.finditer(folded)
        ]
        chosen: list[_Mention] = []
        for mention in sorted(found, key=lambda m: (m.start - m.end, m.start)):
            if not any(c.start < mention.end and mention.start < c.end for c in chosen):
                chosen.append(mention)
        return sorted(chosen, key=lambda m: m.start)


def _quotations(body: str) -> list[_Quotation]:
    """Quotation marks paired within one paragraph, left to right."""
    found = []
    i = 0
    while i < len(body):
        closers = QUOTE_PAIRS.get(body[i])
        close = None
        if closers:
            line_end = body.find("\n", i)
            line_end = len(body) if line_end < 0 else line_end
            close = next((k for k in range(i + 1, line_end) if body[k] in closers), None)
        if close is None:
            i += 1
            continue
        start, end = i + 1, close
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        if start < end:
            found.append(_Quotation(i, close + 1, _Span(start, end)))
        i = close + 1
    return found


def _sentences(body: str, quotations: list[_Quotation]) -> list[_Span]:
    """Sentence spans; a quotation is never cut, however many sentences it holds."""
    inside = bytearray(len(body))
    closes = set()
    for q in quotations:
        inside[q.start : q.end] = b"\x01" * (q.end - q.start)
        closes.add(q.end - 1)
    spans: list[_Span] = []
    start = 0

    def cut(end: int, next_start: int) -> None:
        nonlocal start
        text = body[start:end]
        left = len(text) - len(text.lstrip())
        right = len(text.rstrip())
        if left < right:
            spans.append(_Span(start + left, start + right))
        start = next_start

    for i, ch in enumerate(body):
        followed_by_space = i + 1 == len(body) or body[i + 1].isspace()
        # A one-letter initial ("John F. Kennedy", "Vladimir V. Putin") ends no sentence.
        initial = i >= 1 and body[i - 1].isupper() and (i == 1 or not body[i - 2].isalnum())
        if ch == "\n":
            cut(i, i + 1)
        elif ch in ".!?" and not inside[i] and followed_by_space and not initial:
            cut(i + 1, i + 1)
        elif i in closes and i >= 1 and body[i - 1] in ".!?" and followed_by_space:
            cut(i + 1, i + 1)  # “… bị bỏ qua.” ends its sentence too
    cut(len(body), len(body))
    return spans


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading and trailing punctuation, and a dangling connector ("…, trong khi")."""
    while start < end and (body[start].isspace() or body[start] in ",:;–-"):
        start += 1
    while end > start:
        m = _TRAILING.search(body, start, end)
        tail = m.start() if m else end
        tail = tail - 1 if tail > start and body[tail - 1] == "." else tail
        if tail == end:
            break
        end = tail
    return start, end


class _Article:
    """One pass over one article body."""

    def __init__(self, body: str, names: SpeakerNames, on: dt.date | None = None) -> None:
        self.body = body
        self.quotations = _quotations(body)
        self.sentences = _sentences(body, self.quotations)
        self.all_mentions = names.mentions(body, on)
        # A name inside someone's quotation is what they talk about, not who talks.
        self.mentions = [m for m in self.all_mentions if not self._quoted(m)]

    def _quoted(self, span: _Span) -> bool:
        return any(q.start <= span.start and span.end <= q.end for q in self.quotations)

    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        previous: Speaker | None = None  # who spoke last in the previous sentence
        for sentence in self.sentences:
            mentions = [m for m in self.mentions if sentence.start <= m.start and m.end <= sentence.end]
            cues = self._verbs(sentence, mentions, previous) + self._theo(sentence, mentions)
            cues.sort(key=lambda c: c.start)
            here = self._indirect(sentence, cues) + self._direct(sentence, cues, mentions, previous)
            speakers = [c.speaker for c in sorted(here, key=lambda c: c.end) if c.speaker is not None]
            previous = speakers[-1] if speakers else (mentions[-1].speaker if mentions else None)
            found += here
        return _dedupe(found)

    def _verbs(self, sentence: _Span, mentions: list[_Mention], previous: Speaker | None) -> list[_Cue]:
        cues: list[_Cue] = []
        for m in _VERB.finditer(self.body, sentence.start, sentence.end):
            verb = _Span(m.start(), m.end())
            if self._quoted(verb):
                continue
            last = next((c.speaker for c in reversed(cues) if c.speaker is not None), None)
            speaker, mention = self._subject(sentence, verb.start, mentions, previous, last)
            content = self._content_start(verb.end, sentence.end)
            cues.append(_Cue(verb.start, verb.end, m.group().lower(), speaker, mention, content))
        return cues

    def _theo(self, sentence: _Span, mentions: list[_Mention]) -> list[_Cue]:
        """ "Theo X, …" opening a clause ("theo giờ Việt Nam", "theo hướng" name no source)."""
        body, cues = self.body, []
        for m in _THEO.finditer(body, sentence.start, sentence.end):
            lead = body[sentence.start : m.start()].rstrip()
            comma = body.find(",", m.end(), sentence.end)
            if (lead and not lead.endswith(",")) or comma < 0 or self._quoted(_Span(m.start(), m.end())):
                continue
            named = [x for x in mentions if m.end() <= x.start and x.end <= comma]
            if not named or _words(body[m.end() : comma]) > MAX_THEO_WORDS:
                continue
            mention, content = max(named, key=lambda x: x.end - x.start), comma + 1
            # "Theo Điện Kremlin, ông Biden thu hút sự chú ý …": the source relays the one it names.
            subject = next((x for x in mentions if x.start >= content), None)
            relayed = subject is not None and not body[content : subject.start].strip()
            if subject is not None and relayed and not _FUTURE.match(body, subject.end):
                mention, content = subject, subject.start
            cues.append(_Cue(m.start(), m.end(), "theo", mention.speaker, mention, content))
        return cues

    def _content_start(self, verb_end: int, sentence_end: int) -> int:
        """After "rằng" when it closes the verb's phrase ("nói với ông Biden rằng …"), else the verb."""
        rang = _RANG.search(self.body, verb_end, sentence_end)
        if rang is None:
            return verb_end
        between = self.body[verb_end : rang.start()]
        # Not across punctuation, nor across another verb ("phủ nhận … và nói rằng": nói's rằng).
        if (
            _words(between) <= RANG_WITHIN_WORDS
            and not re.search(r"[,.;:]", between)
            and not _VERB.search(between)
        ):
            return rang.end()
        return verb_end

    def _subject(
        self,
        sentence: _Span,
        verb_start: int,
        mentions: list[_Mention],
        previous: Speaker | None,
        last: Speaker | None,
    ) -> tuple[Speaker | None, _Mention | None]:
        """Who a verb reports: the name just before it, or, after "ông"/"bà"/"họ", the one meant.

        `last` is the subject of the sentence's previous verb, `previous` the previous sentence's.
        """
        before = [m for m in mentions if m.end <= verb_start and not self._complement(sentence, m)]
        if before:
            gap = self.body[before[-1].end : verb_start]
            if gap.strip() == ",":  # "bác bỏ cáo buộc của Tổng thống Mỹ, nhấn mạnh …": an object
                return last, None
            if _FUTURE.match(gap):
                return None, None
            if _words(gap) <= MAX_GAP_WORDS:
                return before[-1].speaker, before[-1]
        if last is not None and _COORDINATED.search(self.body, sentence.start, verb_start):
            return last, None  # "… và phàn nàn về …": the same subject goes on
        near = _WORD.findall(self.body[sentence.start : verb_start])[-MAX_GAP_WORDS:]
        if any(w.lower() in PRONOUNS for w in near):
            return (before[-1].speaker if before else previous), None
        return None, None

    def _complement(self, sentence: _Span, mention: _Mention) -> bool:
        """A name after "do", "của", "quan chức"…: "do Nga đề xuất" (proposed by Russia),
        "quan chức Điện Kremlin cho biết" (an official said): not who speaks."""
        return _COMPLEMENT.search(self.body, sentence.start, mention.start) is not None

    def _indirect(self, sentence: _Span, cues: list[_Cue]) -> list[Candidate]:
        found = []
        for i, cue in enumerate(cues):
            if cue.speaker is None:
                continue
            end = self._clause_end(sentence, cue, cues[i + 1 :])
            if end <= cue.content_start:
                continue  # "Điện Kremlin cho biết ông Putin nói …": the Kremlin only relays
            start, stop = _trim(self.body, cue.content_start, end)
            if start < stop and self._introduces_quotation(start, stop):
                continue  # "X nói: “…”" is direct speech, found as a quotation
            if start >= stop and end == sentence.end:
                start, stop = self._before(sentence, cue)
            elif end < sentence.end and _words(self.body[start:stop]) < MIN_INDIRECT_WORDS + 2:
                continue  # "Điện Kremlin cho biết trong điện mừng, Tổng thống Putin nêu rõ …"
            if self._enough(start, stop):
                found.append(
                    Candidate(start, stop, self.body[start:stop], SpeechMode.INDIRECT, cue.speaker, cue.word)
                )
        return found

    def _clause_end(self, sentence: _Span, cue: _Cue, later: list[_Cue]) -> int:
        """The reported clause runs to the end of the sentence, or to where someone else is reported.

        The same speaker going on ("phủ nhận … và nói rằng …") does not end it.
        """
        for other in later:
            if other.speaker is None or other.start < cue.end:
                continue
            named = other.mention.start if other.mention and other.mention.start >= cue.end else None
            if other.speaker == cue.speaker and named is None:
                continue
            return named if named is not None else other.start
        return sentence.end

    def _before(self, sentence: _Span, cue: _Cue) -> tuple[int, int]:
        """A reported clause put first: "…, một phụ tá cấp cao của Quốc hội cho biết."."""
        named = cue.mention.start if cue.mention and cue.mention.start < cue.start else cue.start
        if not self.body[sentence.start : named].rstrip().endswith(","):
            return 0, 0
        start, end = _trim(self.body, sentence.start, named)
        if any(start <= q.start and q.end <= end + 1 and self._long(q) for q in self.quotations):
            return 0, 0  # a quotation put first is direct speech
        return start, end

    def _enough(self, start: int, end: int) -> bool:
        """Enough words besides quotations and names: "điều này “không phải bàn cãi ở đây”" is
        the quotation, "ông Dmitry Peskov" alone is no speech."""
        if start >= end:
            return False
        text = self.body[start:end]
        for span in [*self.quotations, *self.all_mentions]:
            if start <= span.start and span.end <= end:
                text = text.replace(self.body[span.start : span.end], " ")
        return _words(text) >= MIN_INDIRECT_WORDS

    def _introduces_quotation(self, start: int, end: int) -> bool:
        """The clause is a quotation, perhaps after a short lead ("trong một tuyên bố: “…”")."""
        for q in self.quotations:
            if start <= q.start and q.end <= end + 1 and self._long(q):
                lead = self.body[start : q.start].rstrip()
                if (not lead or lead.endswith((":", ","))) and _words(
                    self.body[q.end : end]
                ) < MIN_INDIRECT_WORDS:
                    return True
        return False

    def _long(self, q: _Quotation) -> bool:
        return _words(self.body[q.inner.start : q.inner.end]) >= MIN_DIRECT_WORDS

    def _direct(
        self, sentence: _Span, cues: list[_Cue], mentions: list[_Mention], previous: Speaker | None
    ) -> list[Candidate]:
        found = []
        for q in self.quotations:
            if not (sentence.start <= q.start and q.end <= sentence.end) or not self._long(q):
                continue
            found.append(
                Candidate(
                    q.inner.start,
                    q.inner.end,
                    self.body[q.inner.start : q.inner.end],
                    SpeechMode.DIRECT,
                    self._quoted_speaker(q, cues, mentions, previous),
                    "quotation",
                )
            )
        return found

    def _quoted_speaker(
        self, q: _Quotation, cues: list[_Cue], mentions: list[_Mention], previous: Speaker | None
    ) -> Speaker | None:
        """In order: a name opening the quotation (“Ông Putin nhấn mạnh rằng …”, a communiqué
        relaying him); the verb introducing it; the verb right after it (“…”, ông Putin nói); the
        nearest name before it in the sentence; the previous sentence's speaker."""
        # Only a person: "Nga thực sự quan tâm …" is Putin speaking of his country.
        opening = next((m for m in self.all_mentions if m.start == q.inner.start), None)
        if opening is not None and opening.speaker.kind == SpeakerKind.PERSON:
            return opening.speaker
        intro = [c for c in cues if c.end <= q.start]
        if (
            intro
            and intro[-1].speaker is None
            and _words(self.body[intro[-1].end : q.start]) <= MAX_INTRO_WORDS
        ):
            return None  # "Các tổng thống cho biết, … “…”": introduced by someone with no known name
        named = [c for c in intro if c.speaker is not None]
        if named:
            return named[-1].speaker
        after = [c for c in cues if c.start >= q.end and c.speaker is not None]
        if after and _words(self.body[q.end : after[0].start]) <= MAX_GAP_WORDS + 1:
            return after[0].speaker
        before = [m for m in mentions if m.end <= q.start]
        return before[-1].speaker if before else previous


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """Of overlapping candidates of one speaker, keep the longest."""
    kept: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if not any(k.speaker == c.speaker and k.overlaps(c.start, c.end) for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end))


def find_candidates(article: Article, names: SpeakerNames | None = None) -> list[Candidate]:
    """Reported speech in `article.body`, in text order; `speaker` is None when no name resolves it."""
    return _Article(article.body, names or SpeakerNames(), article.published_on).candidates()


def unclassified_topic() -> Topic:
    topic, _ = Topic.objects.get_or_create(slug=UNCLASSIFIED_SLUG, defaults={"name": UNCLASSIFIED_NAME})
    return topic


@transaction.atomic
def store_candidates(article: Article) -> list[Statement]:
    """Store each resolved candidate as a `candidate` statement with a claim of its own.

    A span that overlaps a statement of the same speaker in the article (curated, candidate or
    rejected) is skipped, so a second run stores nothing and a rejection is not undone.
    """
    Article.objects.select_for_update().filter(pk=article.pk).first()  # one extraction at a time
    taken: dict[int, list[tuple[int, int]]] = {}
    rows = Statement.objects.filter(article=article).values_list("claim__speaker_id", "start", "end")
    for speaker_id, start, end in rows:
        taken.setdefault(speaker_id, []).append((start, end))
    topic = unclassified_topic()
    stored = []
    for candidate in find_candidates(article):
        if candidate.speaker is None:
            continue
        spans = taken.setdefault(candidate.speaker.pk, [])
        if any(candidate.overlaps(start, end) for start, end in spans):
            continue
        quote = candidate.quote
        claim = Claim(
            speaker=candidate.speaker,
            topic=topic,
            stance=Stance.NEUTRAL,
            status=ReviewStatus.CANDIDATE,
            summary=nfc(f"Candidate: {quote[:200]}{'…' if len(quote) > 200 else ''}"),
        )
        claim.full_clean()
        save_claim(claim)
        statement = create_statement(
            claim=claim,
            article=article,
            quote=quote,
            start=candidate.start,
            end=candidate.end,
            mode=candidate.mode,
            status=ReviewStatus.CANDIDATE,
            note=f"Found by extraction (cue: {candidate.cue}).",
        )
        stored.append(statement)
        spans.append((candidate.start, candidate.end))
    return stored


@dataclass
class ArticleScore:
    key: str
    candidates: int  # resolved candidates, the ones `store_candidates` would store
    curated: int  # verified statements
    true_positives: int  # candidates overlapping a curated statement of their speaker
    found: int  # curated statements some candidate of their speaker overlaps

    @property
    def precision(self) -> float:
        return _ratio(self.true_positives, self.candidates)

    @property
    def recall(self) -> float:
        return _ratio(self.found, self.curated)


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
        )


def _ratio(part: int, whole: int) -> float:
    # Nothing to find, or nothing found: no error was made (scikit-learn's zero_division=1).
    return part / whole if whole else 1.0


def evaluate(articles: Iterable[Article]) -> Scores:
    """Compare `find_candidates` (nothing stored) with the verified statements of each article."""
    names = SpeakerNames()
    scores = []
    for article in articles:
        candidates = [c for c in find_candidates(article, names) if c.speaker is not None]
        curated = list(
            Statement.objects.filter(article=article, status=ReviewStatus.VERIFIED).values_list(
                "claim__speaker_id", "start", "end"
            )
        )

        def match(c: Candidate, row: tuple[int, int, int]) -> bool:
            speaker_id, start, end = row
            return c.speaker is not None and c.speaker.pk == speaker_id and c.overlaps(start, end)

        scores.append(
            ArticleScore(
                article.key,
                len(candidates),
                len(curated),
                sum(1 for c in candidates if any(match(c, row) for row in curated)),
                sum(1 for row in curated if any(match(c, row) for c in candidates)),
            )
        )
    return Scores(scores)
