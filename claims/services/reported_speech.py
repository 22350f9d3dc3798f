"""Reading reported speech in Vietnamese news prose: quotations and the clauses reporting verbs
or "Theo X," introduce, each with the speaker its attribution clause names and the intermediaries
it came through.

The subject of the attribution clause ("“…”, X nói", "X cho biết …", "Theo X, …") is resolved by
`speaker_phrases`: a known speaker when an alias is that phrase, else a proposed new speaker, never
the nearest known name. "Theo X, Y nói", "X dẫn lời/dẫn nguồn Y", "Y tiết lộ với X" make X an
intermediary; a quotation inside a quotation keeps its own speaker. The title line, subheadings and
captions state nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from claims.choices import SpeakerKind, SpeechMode
from claims.models import Speaker
from claims.services.speaker_phrases import PRONOUNS, ProposedSpeaker, SpeakerIndex, Who
from core.text import fold
from sources.models import Article

# An opening mark and the marks that may close it: sources mix straight and curly quotes
# ("Cuộc gặp … điểm chung” opens straight and closes curly).
QUOTE_PAIRS = {"“": '”"', '"': '"”', "‘": "’"}
MIN_DIRECT_WORDS = 5  # shorter quotations are scare quotes (“nóng – lạnh”), not speech
MIN_INDIRECT_WORDS = 3
MAX_GAP_WORDS = 6
MAX_INTRO_WORDS = 8  # between a verb and the quotation it introduces ("cho biết, hợp tác … “")
MAX_SUBJECT_WORDS = 16  # a longer run before a verb is a clause, not a name phrase
MAX_THEO_WORDS = 12  # "Theo người phát ngôn Điện Kremlin, ông Dmitry Peskov, …"
RANG_WITHIN_WORDS = 12  # "cảnh báo Tổng thống Nga Vladimir Putin rằng …": the content follows rằng

# Longest first, so that "tái khẳng định" is one cue, not "khẳng định" inside it.
REPORTING_VERBS = sorted(
    [
        "cho biết", "cho hay", "cho rằng", "nói", "nhấn mạnh", "tuyên bố", "cảnh báo", "yêu cầu",
        "phủ nhận", "bác bỏ", "đề xuất", "bày tỏ", "khẳng định", "tái khẳng định", "xác nhận",
        "thông báo", "nêu rõ", "chỉ ra", "kêu gọi", "phàn nàn", "mô tả", "đưa tin", "tiết lộ",
        "nhắc lại", "nhận định", "viết", "phát biểu", "kể lại", "lưu ý", "lo ngại",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
# Verbs that report someone only inside another's report ("Theo Điện Kremlin, ông Biden thu hút
# sự chú ý đến …"): elsewhere they are nouns or other senses ("theo đề nghị của phía Mỹ").
INNER_VERBS = ["thu hút sự chú ý", "đề nghị"]
# "nói chuyện" is to talk, not to say; "thông báo cho ông về …" tells of a topic, not a content.
_EXCEPT = {
    "nói": r"(?!\s+chuyện)",
    "viết": r"(?=\s+(?:trên|rằng)|\s*[.:,])",
    "lo ngại": r"(?=\s+rằng)",
    "thông báo": r"(?!\s+(?:cho\s+\S+\s+)?về)",
}


def _verb_pattern(verbs: list[str]) -> re.Pattern[str]:
    return re.compile(
        r"(?<!\w)(?:"
        + "|".join(r"\s+".join(map(re.escape, v.split())) + _EXCEPT.get(v, "") for v in verbs)
        + r")(?!\w)",
        re.IGNORECASE,
    )


_VERB = _verb_pattern(REPORTING_VERBS)
_INNER_VERB = _verb_pattern(INNER_VERBS)
_THEO = re.compile(r"(?<!\w)(?:cũng\s+)?theo\s+", re.IGNORECASE)
_RANG = re.compile(r"(?<!\w)rằng(?!\w)", re.IGNORECASE)
# "Theo thông cáo của Điện Kremlin": the document speaks for its author.
_DOCUMENT_OF = re.compile(
    r"^(?:thông\s+cáo|thông\s+báo|tuyên\s+bố|báo\s+cáo|nguồn\s+tin)\s+(?:của|từ)\s+", re.IGNORECASE
)
# What a source phrase after "Theo" may start with, besides a capital letter.
_THEO_HEADS = re.compile(
    r"^(?:ông|bà|người|phát\s+ngôn|giới|các|một|hãng|báo|đài|tờ|kênh|nguồn|quan\s+chức|thông\s+cáo"
    r"|thông\s+báo|tuyên\s+bố|chuyên\s+gia|nhà)(?!\w)",
    re.IGNORECASE,
)
# "X dẫn lời Y", "X dẫn nguồn Y", "X dẫn nguồn tin Y": X relays Y.
_RELAYS = re.compile(
    r"(?<!\w)(?:dẫn\s+(?:tuyên\s+bố|thông\s+cáo|thông\s+báo)\s+của|dẫn\s+lời|trích\s+lời|dẫn\s+nguồn(?!\s+tin)|dẫn(?=\s+nguồn\s+tin))(?!\w)",
    re.I,
)
# "Trả lời phỏng vấn kênh CNN, …": the outlet relays whoever answers.
_INTERVIEW = re.compile(r"^(?:trả\s+lời\s+phỏng\s+vấn|trong\s+cuộc\s+phỏng\s+vấn\s+với)\s+(.+)$", re.I)
_RECIPIENT = re.compile(r"\s*(?:thêm\s+)?với\s+(.+?)(?=\s+rằng(?!\w)|\s*[:,.;“\"]|$)", re.IGNORECASE)
_REPORTERS = re.compile(
    r"^(?:các\s+)?(?:phóng\s+viên|nhà\s+báo|báo\s+giới|báo\s+chí|giới\s+truyền\s+thông)", re.I
)
_OUTLET_WORD = re.compile(r"^(?:hãng|báo|đài|tờ|kênh|tạp\s+chí)(?!\w)", re.IGNORECASE)
# Said on a channel: "thông báo trên Twitter đêm ngày 9/12" names no content.
_CHANNEL = re.compile(r"^\s*(?:thêm\s+)?trên\s+(?:mạng\s+xã\s+hội\s+)?\w+", re.IGNORECASE)
_PARENTHETICAL = re.compile(
    r"^(?:đề\s+nghị\s+|yêu\s+cầu\s+|xin\s+)?(?:giấu\s+tên|không\s+muốn\s+nêu\s+tên)$", re.I
)
_LEADING = re.compile(
    r"^(?:và|còn|nhưng|song|đồng\s+thời|trong\s+khi\s+đó|trong\s+khi|ngoài\s+ra|tuy\s+nhiên|về\s+phần\s+mình"
    r"|đáp\s+lại|sau\s+đó|cũng)\s+",
    re.IGNORECASE,
)
_TRAILING_WORDS = re.compile(
    r"\s+(?:đều|không\s+ngừng|thì|cũng|đã|còn|sau\s+đó|lại|vẫn|mới|vừa|hôm\s+nay|hôm\s+qua|trước\s+đó|đồng\s+thời|tiếp\s+tục"
    r"|ra\s+tuyên\s+bố|ra\s+thông\s+cáo|trong\s+một\s+tuyên\s+bố|trong\s+thông\s+cáo|công\s+khai)$",
    re.IGNORECASE,
)
# Words that make a run before a verb a clause rather than a name phrase.
_NOT_A_NAME = re.compile(
    r"(?<!\w)(?:được|bị|đang|sẽ|không|chưa|là|có\s+thể|đã|cũng|rằng|khi|nếu|vì|để|điều|bình\s+luận)(?!\w)",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\s+(?:vào\s+)?(?:ngày|hôm|tối|sáng|chiều|đêm|hồi)\s+(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|qua|nay|tuần\s+trước)",
    re.IGNORECASE,
)
# A capitalised word opening a clause that is no name: "Dù khẳng định …".
_FUNCTION_WORDS = {
    fold(w)
    for w in (
        "Dù", "Mặc", "Tuy", "Nếu", "Khi", "Vì", "Do", "Sau", "Trước", "Trong", "Với", "Để", "Đây",
        "Điều", "Việc", "Đó", "Này", "Hiện", "Ngay", "Bởi", "Nhưng", "Song", "Thậm", "Ảnh",
    )
}  # fmt: skip
_NOUN_BEFORE = re.compile(r"(?<!\w)(?:một|bản|các|những|ra|dẫn)\s+$", re.IGNORECASE)
_ANAPHORA = re.compile(r"(?:ông|bà|quan\s+chức|nhà\s+lãnh\s+đạo|vị|người)\s+này|(?:ông|bà)\s+ấy", re.I)
# Several speakers at once, none of them a speaker: "các tổng thống", "hai bên", "Putin-Biden".
_COLLECTIVE = re.compile(
    r"^(?:các|hai|cả\s+hai)\s+(?:tổng\s+thống|nhà\s+lãnh\s+đạo|bên|nước|phía|ngoại\s+trưởng)(?!\w)|\w-\w"
    r"|^\S+\s+[-–]\s+\S+$",
    re.IGNORECASE,
)
_AUTHOR = re.compile(
    r"\s+(?:mới\s+đây\s+|gần\s+đây\s+)?của\s+((?:\S+\s+){0,7}?\S+?)\s*(?=:|“)", re.IGNORECASE
)
_TRAILING = re.compile(r"(?:[\s,;:–-]|(?<!\w)(?:trong khi|nhưng|song|và|còn)(?!\w))+$", re.IGNORECASE)
_COORDINATED = re.compile(r"(?:,|(?<!\w)và)\s*(?:(?:cũng|đã|còn)\s+)*$", re.IGNORECASE)
# "Tổng thống Putin sẽ bày tỏ …", "ông Biden dự định …": a forecast by whoever reports it.
_FUTURE = re.compile(r"\s*(?:sẽ|dự định|dự kiến)(?!\w)", re.IGNORECASE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Candidate:
    """One piece of reported speech: `article.body[start:end] == quote`.

    `speaker` is a known speaker, or None; then `proposed` is the new one the clause names, or
    None when nobody is named. `via` are the intermediaries, nearest the article first.
    """

    start: int
    end: int
    quote: str
    mode: str  # SpeechMode
    speaker: Speaker | None
    cue: str  # what found it: "quotation", a reporting verb, or "theo"
    proposed: ProposedSpeaker | None = None
    via: tuple[Who, ...] = ()

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

    @property
    def who(self) -> Who | None:
        if self.speaker is not None:
            return Who(speaker=self.speaker)
        return Who(proposed=self.proposed) if self.proposed is not None else None


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
    who: Who | None
    via: tuple[Who, ...]
    subject_start: int  # where the subject phrase begins; `start` when there is none
    content_start: int  # where the reported clause begins
    attributes: _Quotation | None = None  # "“…”, ông X nói": the quotation it names the speaker of
    relays: bool = False  # its content is someone else's report ("Theo X, Y nói …")
    also: tuple[Who, ...] = ()  # "Nhà Trắng và Điện Kremlin đều xác nhận": each one says it


def _named_person(who: Who) -> bool:
    """A proposed person or anonymous source: someone a report may relay."""
    return who.proposed is not None and who.proposed.kind in (SpeakerKind.PERSON, SpeakerKind.ANONYMOUS)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _fold_aligned(text: str) -> str:
    """`fold()` one character at a time, so offsets in the result are offsets in `text`."""
    return "".join(" " if ch.isspace() else (f if len(f := fold(ch)) == 1 else ch) for ch in text)


class SpeakerNames(SpeakerIndex):
    """The index of names, with the known speakers' names as patterns to find them in a text."""

    def __init__(self) -> None:
        super().__init__()
        self.patterns = [
            (
                re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, key.split())) + r"(?!\w)"),
                speaker,
                self.periods[key],
            )
            for key, speaker in self.aliases.items()
        ]

    def mentions(self, body: str, on: dt.date | None = None) -> list[_Mention]:
        """Where speakers are named in a text of day `on` (a dated spelling names its speaker only
        on its days, or in a text of unknown date); of overlapping names the longest wins."""
        folded = " ".join(re.sub(r"[^\w]", " ", _fold_aligned(body)).split(" "))
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


def _quotations(body: str, start: int = 0, end: int | None = None) -> list[_Quotation]:
    """Quotation marks paired within one paragraph, left to right."""
    end = len(body) if end is None else end
    found = []
    i = start
    while i < end:
        closers = QUOTE_PAIRS.get(body[i])
        close = None
        if closers:
            line_end = body.find("\n", i, end)
            line_end = end if line_end < 0 else line_end
            close = next((k for k in range(i + 1, line_end) if body[k] in closers), None)
        if close is None:
            i += 1
            continue
        inner_start, inner_end = i + 1, close
        while inner_start < inner_end and body[inner_start].isspace():
            inner_start += 1
        while inner_end > inner_start and body[inner_end - 1].isspace():
            inner_end -= 1
        if inner_start < inner_end:
            found.append(_Quotation(i, close + 1, _Span(inner_start, inner_end)))
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


@dataclass(frozen=True)
class _Phrase:
    start: int
    text: str


class _Article:
    """One pass over one article body."""

    def __init__(self, body: str, names: SpeakerNames, on: dt.date | None = None) -> None:
        self.body = body
        self.names = names
        self.quotations = _quotations(body)
        self.sentences = _sentences(body, self.quotations)
        self.on = on
        self.all_mentions = names.mentions(body, on)
        # A name inside someone's quotation is what they talk about, not who talks.
        self.mentions = [m for m in self.all_mentions if not self._quoted(m)]
        first_line = body.find("\n")
        self.title_end = first_line if first_line >= 0 else 0  # the title line states nothing

    def _resolve(self, phrase: str, *, as_source: bool = False) -> Who | None:
        """Who `phrase` names in this article, on its day."""
        return self.names.resolve(phrase, as_source=as_source, on=self.on)

    def _heading(self, sentence: _Span) -> bool:
        """A line of its own with no closing punctuation: a subheading or a caption states nothing."""
        body = self.body
        alone = (sentence.start == 0 or body[sentence.start - 1] == "\n") and (
            sentence.end == len(body) or body[sentence.end] == "\n"
        )
        return (
            alone
            and body[sentence.end - 1] not in '.!?”"…:'
            and _words(body[sentence.start : sentence.end]) <= 20
        )

    def _quoted(self, span: _Span) -> bool:
        return any(q.start <= span.start and span.end <= q.end for q in self.quotations)

    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        previous: Who | None = None  # who spoke last in the previous sentence
        for sentence in self.sentences:
            if sentence.end <= self.title_end or self._heading(sentence):
                continue
            cues = self._cues(sentence, previous)
            here = self._indirect(sentence, cues) + self._direct(sentence, cues, previous)
            whos = [c.who for c in sorted(here, key=lambda c: c.end) if c.who is not None]
            named = [c.who for c in cues if c.who is not None]
            mentions = [m for m in self.mentions if sentence.start <= m.start and m.end <= sentence.end]
            if whos or named:
                previous = (whos or named)[-1]
            elif mentions:
                previous = Who(speaker=mentions[-1].speaker)
            found += here
        return _dedupe(found)

    # Cues: the reporting verbs and "Theo X," of a sentence, with who they report.

    def _cues(self, sentence: _Span, previous: Who | None) -> list[_Cue]:
        cues: list[_Cue] = []
        theo = self._theo(sentence)
        verbs = [
            (m.start(), m.end(), m.group()) for m in _VERB.finditer(self.body, sentence.start, sentence.end)
        ]
        inner = [
            (m.start(), m.end(), m.group())
            for m in _INNER_VERB.finditer(self.body, sentence.start, sentence.end)
        ]
        events = sorted([*verbs, *inner], key=lambda v: v[0])
        inner_starts = {v[0] for v in inner}
        for start, end, word in events:
            verb = _Span(start, end)
            if self._quoted(verb) or any(c.start <= start < c.end for c in cues) or self._noun(start, end):
                continue
            before = [c for c in [*theo, *cues] if c.end <= start]
            boundary = max(
                [sentence.start, *(c.content_start if c.word == "theo" else c.end for c in before)]
            )
            cue = self._verb_cue(sentence, verb, word, boundary, before, previous)
            opener = next((c for c in reversed(before) if self._opens(c, cue)), None)
            if opener is not None:
                # "Theo X, Y nói …", "X cho biết Y khẳng định …": Y speaks, X relays; only a
                # known person is taken for the one relayed ("Kiev được Washington thông báo" is
                # the content, not a speaker).
                if cue.who is None or not (cue.who.person or _named_person(cue.who)):
                    continue
                cue = replace(cue, via=(*opener.via, opener.who, *cue.via) if opener.who else cue.via)
                relay = replace(opener, relays=True)
                theo = [relay if c is opener else c for c in theo]
                cues = [relay if c is opener else c for c in cues]
            elif start in inner_starts:
                continue
            cues.append(cue)
        return self._told_by(sentence, sorted([*theo, *cues], key=lambda c: c.start))

    def _told_by(self, sentence: _Span, cues: list[_Cue]) -> list[_Cue]:
        """ "X nói rằng …, một phụ tá cấp cao của Quốc hội cho biết.": the one closing the
        sentence relays the reports put before it."""
        if not cues:
            return cues
        last = cues[-1]
        closes = not self.body[last.end : sentence.end].strip(" .")
        if last.who is None or not closes or last.word == "theo" or last.attributes is not None:
            return cues
        if not self.body[sentence.start : last.subject_start].rstrip().endswith(","):
            return cues
        inner = [c for c in cues[:-1] if c.who is not None and not c.relays]
        if not inner:
            return cues
        told = [replace(c, via=(last.who, *c.via)) if c in inner else c for c in cues[:-1]]
        return [*told, replace(last, relays=True)]

    def _noun(self, start: int, end: int | None = None) -> bool:
        """ "trong một tuyên bố", "tuyên bố của Hội đồng …": the word is a noun here, no verb;
        "phát biểu mới đây của Tổng thống Nga Putin: “…”" names the author of what follows."""
        if _NOUN_BEFORE.search(self.body, max(0, start - 8), start) is not None:
            return True
        if end is None or not re.match(
            r"\s+(?:mới\s+đây\s+|gần\s+đây\s+)?của(?!\w)", self.body[end : end + 20]
        ):
            return False
        return _AUTHOR.match(self.body, end) is None

    def _opens(self, opener: _Cue, cue: _Cue) -> bool:
        """`cue`'s subject opens `opener`'s reported clause."""
        if opener.who is None or cue.subject_start >= cue.start:
            return False
        return not self.body[opener.content_start : cue.subject_start].strip(" ,")

    def _verb_cue(
        self, sentence: _Span, verb: _Span, word: str, boundary: int, before: list[_Cue], previous: Who | None
    ) -> _Cue:
        """What a reporting verb reports: who its clause names (resolved, the same subject going on,
        or whom a pronoun points back to), through whom, where its content starts, and the
        quotation it attributes when it follows one ("“…”, ông X nói")."""
        body = self.body
        after_quote = next(
            (q for q in self.quotations if boundary <= q.end <= verb.start and sentence.start <= q.start),
            None,
        )
        if after_quote is not None:
            boundary = max(boundary, after_quote.end)
        via: list[Who] = []
        phrase, chunk = self._subject_phrase(boundary, verb.start, via)
        last = next((c for c in reversed(before) if c.who is not None and c.word != "theo"), None)
        who: Who | None = None
        also: tuple[Who, ...] = ()
        subject_start = verb.start
        if phrase is None or not phrase.text:
            if last is not None and _COORDINATED.search(body, sentence.start, verb.start):
                who, via = last.who, list(last.via)  # "… và phàn nàn về …": the same subject goes on
        else:
            subject_start = phrase.start
            if fold(phrase.text) in {fold(p) for p in PRONOUNS} or _ANAPHORA.fullmatch(phrase.text):
                who = (last.who if last is not None else None) or previous
            elif _COLLECTIVE.search(phrase.text):
                # "Các tổng thống bày tỏ …" in a readout: its author speaks for both.
                institution = previous is not None and previous.speaker is not None and not previous.person
                who = previous if institution else None
                chunk = None
            else:
                who, also = self._resolve_all(phrase.text)
        # A clause rather than a name phrase ("Tổng thống Putin phản ứng gay gắt, cho rằng …"): its
        # subject is the known speaker opening it, when what follows the name is short.
        weak = who is None or (who.proposed is not None and who.proposed.kind == SpeakerKind.PERSON)
        going_on = last is not None and who is None and phrase is not None and not phrase.text
        if weak and chunk is not None and not going_on:
            lead = self._leading_mention(chunk, verb.start)
            if lead is not None:
                who, also, subject_start = Who(speaker=lead.speaker), (), lead.start
        content = self._content_start(verb.end, sentence.end, via)
        if who is None and word.lower() in {"phát biểu", "tuyên bố", "thông báo"}:
            # "phát biểu mới đây của Tổng thống Nga Putin: “…”": the noun names its author.
            of = _AUTHOR.match(body, verb.end, sentence.end)
            if of is not None:
                who, content = self._resolve(of.group(1)), of.end()
        attributes = (
            after_quote
            if after_quote is not None and _words(body[after_quote.end : verb.start]) <= MAX_SUBJECT_WORDS
            else None
        )
        return _Cue(
            verb.start, verb.end, word.lower(), who, tuple(via), subject_start, content, attributes, also=also
        )

    def _resolve_all(self, text: str) -> tuple[Who | None, tuple[Who, ...]]:
        """One speaker, or several known ones joined by "và"."""
        parts = re.split(r"\s+và\s+", text)
        if len(parts) > 1:
            whos = [self._resolve(part) for part in parts]
            if all(w is not None and w.speaker is not None for w in whos):
                return whos[0], tuple(w for w in whos[1:] if w is not None)
        return self._resolve(text), ()

    def _leading_mention(self, chunk: _Span, verb_start: int) -> _Mention | None:
        """A known speaker opening the clause, its predicate short: "Tổng thống Putin phản ứng
        gay gắt, cho rằng …", "Tổng thống Putin rất sẵn sàng nói chuyện và cho rằng …"."""
        head = re.match(r"\s*", self.body[chunk.start : chunk.end])
        start = chunk.start + (head.end() if head else 0)
        while m := _LEADING.match(self.body, start, chunk.end):
            start = m.end()
        mention = next((m for m in self.mentions if m.start == start and m.end <= verb_start), None)
        if mention is None:
            return None
        gap = self.body[mention.end : verb_start].rstrip().removesuffix(",")
        if _words(gap) > MAX_GAP_WORDS or re.search(r"[,;:]", gap) or _FUTURE.match(gap):
            return None
        return mention

    def _subject_phrase(self, start: int, end: int, via: list[Who]) -> tuple[_Phrase | None, _Span | None]:
        """The name phrase right before a verb, from `start`: the last clause of the run, the
        relays it names ("X dẫn lời Y": X into `via`) and an apposition ("…, ông X") joined; and
        the clause it was taken from (the one before, when the verb follows a comma)."""
        body = self.body
        text = body[start:end]
        if re.search(r"(?<!\w)(?:sẽ|dự định|dự kiến)\s*$", text, re.I):
            return None, None  # "Tổng thống Putin sẽ bày tỏ …": a forecast by whoever reports it
        chunks: list[_Phrase] = []
        offset = 0
        for piece in re.split(r"([,;:–]|(?<!\w)rằng(?!\w))", text):
            if piece and not re.fullmatch(r"[,;:–]|rằng", piece, re.I):
                chunks.append(_Phrase(start + offset, piece))
            offset += len(piece)
        whole = chunks
        chunks = [c for c in chunks if c.text.strip()]
        if not chunks:
            return None, None
        if len(chunks) > 1 and _PARENTHETICAL.match(chunks[-1].text.strip()):
            chunks.pop()  # "Một quan chức …, đề nghị giấu tên, cho hay"
            whole = chunks
        clause = _Span(chunks[-1].start, chunks[-1].start + len(chunks[-1].text))
        if whole and not whole[-1].text.strip():
            clause = _Span(chunks[-1].start, end)  # "…phản ứng gay gắt, cho rằng"
        chosen = len(chunks) - 1
        if _PARENTHETICAL.match(chunks[chosen].text.strip()) and chosen > 0:
            chosen -= 1
        phrase = chunks[chosen]
        stripped = phrase.text.strip()
        apposition = (
            re.match(r"(?:ông|bà)\s+\w", stripped, re.I) and stripped[stripped.index(" ") + 1 :][:1].isupper()
        )
        if apposition and chosen > 0 and self._role_like(chunks[chosen - 1].text):
            prev = chunks[chosen - 1]
            phrase = _Phrase(prev.start, body[prev.start : phrase.start + len(phrase.text)])
            chosen -= 1
        for chunk in chunks[:chosen]:
            m = _INTERVIEW.match(chunk.text.strip())
            if m:
                source = self._resolve(m.group(1), as_source=True)
                if source is not None:
                    via.append(source)
        if whole and not whole[-1].text.strip():
            return _Phrase(end, ""), clause
        return self._clean(phrase, via), clause

    def _role_like(self, text: str) -> bool:
        text = text.strip()
        return (
            bool(text)
            and _words(text) <= 8
            and not _NOT_A_NAME.search(text)
            and (text[:1].isupper() or bool(re.match(r"(?:người|phát)\s", text)))
        )

    def _clean(self, phrase: _Phrase, via: list[Who]) -> _Phrase | None:
        text, start = phrase.text, phrase.start
        parts = _RELAYS.split(text)
        if len(parts) > 1:
            offset = text.rfind(parts[-1])
            for part in parts[:-1]:
                source = self._resolve(self._strip(part), as_source=True)
                if source is not None:
                    via.append(source)
            text, start = parts[-1], start + offset
        lead = len(text) - len(text.lstrip())
        text, start = text.strip(), start + lead
        while m := _LEADING.match(text):
            text, start = text[m.end() :], start + m.end()
        text = self._strip(text)
        if text and fold(text.split()[0]) in _FUNCTION_WORDS:
            return None
        text = _DOCUMENT_OF.sub("", text)
        if not text or _words(text) > MAX_SUBJECT_WORDS or _NOT_A_NAME.search(text):
            return _Phrase(start, "") if not text else None
        if not (
            text[:1].isupper()
            or re.match(
                r"(?:ông|bà|người|phát|một|các|những|nhà|giới|nguồn|quan|hãng|đài|báo|tờ|kênh|phía|họ)(?!\w)",
                text,
                re.I,
            )
        ):
            return None
        return _Phrase(start, text)

    @staticmethod
    def _strip(text: str) -> str:
        text = _TIME.sub("", text).strip(" ,;:–-")
        while m := _TRAILING_WORDS.search(text):
            text = text[: m.start()].rstrip(" ,")
        return text

    def _theo(self, sentence: _Span) -> list[_Cue]:
        """ "Theo X, …" opening a clause ("theo giờ Việt Nam", "theo hướng" name no source)."""
        body, cues = self.body, []
        for m in _THEO.finditer(body, sentence.start, sentence.end):
            lead = body[sentence.start : m.start()].rstrip()
            comma = body.find(",", m.end(), sentence.end)
            if (lead and not lead.endswith(",")) or comma < 0 or self._quoted(_Span(m.start(), m.end())):
                continue
            source = body[m.end() : comma]
            # "Theo người phát ngôn Điện Kremlin, ông Dmitry Peskov, …": an apposition is the name.
            apposition = re.match(r",\s*((?:ông|bà)\s+[^,]+),", body[comma : sentence.end])
            if apposition and _words(apposition.group(1)) <= 4:
                source = body[m.end() : comma + apposition.end(1)]
                comma = comma + apposition.end() - 1
            source = _DOCUMENT_OF.sub("", source.strip())
            if _words(source) > MAX_THEO_WORDS or not (source[:1].isupper() or _THEO_HEADS.match(source)):
                continue
            who = self._resolve(source, as_source=True)
            if who is None:
                continue
            content = comma + 1
            cues.append(_Cue(m.start(), m.end(), "theo", who, (), m.start(), content))
        return cues

    def _content_start(self, verb_end: int, sentence_end: int, via: list[Who]) -> int:
        """After "rằng" when it closes the verb's phrase ("nói với ông Biden rằng …"), else the verb;
        an outlet the verb tells ("tiết lộ với CNN", "nói với hãng tin RIA Novosti") joins `via`."""
        body = self.body
        recipient = _RECIPIENT.match(body, verb_end, sentence_end)
        if recipient is not None:
            name = recipient.group(1).strip()
            told = body[max(0, verb_end - 8) : verb_end].lower().endswith("tiết lộ")
            if not _REPORTERS.match(name) and (told or _OUTLET_WORD.match(name)):
                source = self._resolve(name, as_source=True)
                if source is not None and source.proposed is not None:
                    source = Who(proposed=replace(source.proposed, kind=SpeakerKind.OUTLET))
                if source is not None:
                    via.insert(0, source)
        rang = _RANG.search(body, verb_end, sentence_end)
        if rang is not None:
            between = body[verb_end : rang.start()]
            # Not across punctuation, nor across another verb ("phủ nhận … và nói rằng": nói's rằng).
            verbs = [m for m in _VERB.finditer(body, verb_end, rang.start()) if not self._noun(m.start())]
            if _words(between) <= RANG_WITHIN_WORDS and not re.search(r"[,.;:“\"]", between) and not verbs:
                return rang.end()
        if recipient is not None and re.match(r"\s*[:,]", body[recipient.end() : recipient.end() + 2]):
            return recipient.end()
        m = re.match(r"\s*thêm(?!\w)\s*,?", body[verb_end:sentence_end])
        return verb_end + m.end() if m else verb_end

    # Indirect speech.

    def _indirect(self, sentence: _Span, cues: list[_Cue]) -> list[Candidate]:
        found = []
        for i, cue in enumerate(cues):
            if cue.who is None or cue.relays:
                continue
            if cue.attributes is not None:
                continue  # "“…”, X nói với báo giới": the verb names the quotation's speaker
            end = self._clause_end(sentence, cue, cues[i + 1 :])
            if end <= cue.content_start:
                continue
            start, stop = _trim(self.body, cue.content_start, end)
            if start < stop and self._introduces_quotation(start, stop):
                continue  # "X nói: “…”" is direct speech, found as a quotation
            channel = _CHANNEL.match(self.body, start, stop) or _RECIPIENT.match(self.body, start, stop)
            if start < stop and channel and not _RANG.search(self.body, start, stop):
                start = stop  # "thông báo trên Twitter đêm ngày 9/12": a channel and a time
            if start >= stop and end == sentence.end:
                start, stop = self._before(sentence, cue)
            elif end < sentence.end and _words(self.body[start:stop]) < MIN_INDIRECT_WORDS + 2:
                continue  # "Điện Kremlin cho biết trong điện mừng, Tổng thống Putin nêu rõ …"
            if self._enough(start, stop):
                for who in (cue.who, *cue.also):
                    found.append(self._candidate(start, stop, SpeechMode.INDIRECT, who, cue.word, cue.via))
        return found

    def _candidate(
        self, start: int, end: int, mode: str, who: Who | None, cue: str, via: Iterable[Who] = ()
    ) -> Candidate:
        speaker = who.speaker if who is not None else None
        proposed = who.proposed if who is not None else None
        if who is not None and who.outlet is not None:
            proposed = ProposedSpeaker(who.outlet.name, who.outlet.name, "", "outlet")
        return Candidate(start, end, self.body[start:end], mode, speaker, cue, proposed, tuple(via))

    def _clause_end(self, sentence: _Span, cue: _Cue, later: list[_Cue]) -> int:
        """The reported clause runs to the end of the sentence, or to where someone else is reported.

        The same speaker going on ("phủ nhận … và nói rằng …") does not end it.
        """
        for other in later:
            if other.who is None or other.start < cue.end:
                continue
            named = other.subject_start if cue.end <= other.subject_start < other.start else None
            if other.who == cue.who and named is None:
                continue
            return named if named is not None else other.start
        return sentence.end

    def _before(self, sentence: _Span, cue: _Cue) -> tuple[int, int]:
        """A reported clause put first: "…, một phụ tá cấp cao của Quốc hội cho biết."."""
        named = min(cue.subject_start, cue.start)
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

    # Direct speech.

    def _direct(self, sentence: _Span, cues: list[_Cue], previous: Who | None) -> list[Candidate]:
        found = []
        for q in self.quotations:
            if not (sentence.start <= q.start and q.end <= sentence.end) or not self._long(q):
                continue
            who, via = self._quoted_speaker(q, cues, previous)
            found.append(
                self._candidate(q.inner.start, q.inner.end, SpeechMode.DIRECT, who, "quotation", via)
            )
            if who is not None:
                found += self._nested(q, who, via)
        return found

    def _nested(self, outer: _Quotation, who: Who, via: tuple[Who, ...]) -> list[Candidate]:
        """A quotation inside a quotation keeps its own speaker, the quoting one relaying it:
        “Tổng thống Biden đã nói với ông Putin rằng ‘…’” is Biden's, via the one quoting him."""
        found = []
        for q in _quotations(self.body, outer.inner.start, outer.inner.end):
            if q.start == outer.inner.start or not self._long(q):
                continue
            verbs = list(_VERB.finditer(self.body, outer.inner.start, q.start))
            if not verbs or _words(self.body[verbs[-1].end() : q.start]) > MAX_INTRO_WORDS:
                continue
            verb = verbs[-1]
            start = max([outer.inner.start, *(m.end() for m in verbs[:-1])])
            phrase, _ = self._subject_phrase(start, verb.start(), [])
            inner_who = self._resolve(phrase.text) if phrase is not None and phrase.text else None
            if inner_who is None:
                named = [m for m in self.all_mentions if start <= m.start and m.end <= verb.start()]
                if named and _words(self.body[named[-1].end : verb.start()]) <= 1:
                    inner_who = Who(speaker=named[-1].speaker)
            if inner_who is None:
                continue
            found.append(
                self._candidate(
                    q.inner.start, q.inner.end, SpeechMode.DIRECT, inner_who, "quotation", (*via, who)
                )
            )
        return found

    def _quoted_speaker(
        self, q: _Quotation, cues: list[_Cue], previous: Who | None
    ) -> tuple[Who | None, tuple[Who, ...]]:
        """In order: the clause right after it (“…”, ông Putin nói); the verb introducing it (X
        nói: “…”); a person's name opening it (“Ông Putin nhấn mạnh rằng …”, a communiqué relaying
        him); the verb soon after it; the previous sentence's speaker."""
        attributing = next((c for c in cues if c.attributes == q), None)
        opening = next((m for m in self.all_mentions if m.start == q.inner.start), None)
        if opening is not None and opening.speaker.kind != SpeakerKind.PERSON:
            opening = None
        if attributing is not None and attributing.who is not None:
            if opening is not None and attributing.who.speaker is not None and not attributing.who.person:
                # “Tổng thống Putin … đã minh họa …”, Điện Kremlin cho hay: a readout relaying him.
                return Who(speaker=opening.speaker), (*attributing.via, attributing.who)
            return attributing.who, attributing.via
        intro = [c for c in cues if c.end <= q.start and not c.relays]
        if intro and _words(self.body[intro[-1].end : q.start]) <= MAX_INTRO_WORDS:
            return intro[-1].who, intro[-1].via
        if opening is not None:
            return Who(speaker=opening.speaker), ()
        named = [c for c in intro if c.who is not None]
        if named:
            return named[-1].who, named[-1].via
        after = [c for c in cues if c.start >= q.end and c.who is not None]
        if after and _words(self.body[q.end : after[0].start]) <= MAX_GAP_WORDS + 1:
            return after[0].who, after[0].via
        return previous, ()


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """Of overlapping candidates of one speaker, keep the longest."""
    kept: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if not any(k.who == c.who and k.overlaps(c.start, c.end) for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end))


def find_candidates(article: Article, names: SpeakerNames | None = None) -> list[Candidate]:
    """Reported speech in `article.body`, in text order; `speaker` and `proposed` are None when
    no attribution names anyone."""
    return _Article(article.body, names or SpeakerNames(), article.published_on).candidates()
