"""Who a name phrase of an attribution clause names: a known speaker, a known outlet, or someone new.

A phrase ("phát ngôn viên Hội đồng An ninh Quốc gia Mỹ Emily Horne", "Đài RT", "một quan chức cấp
cao chính quyền ông Biden") resolves to a known speaker only when one of its aliases is the phrase,
or the phrase's name part (a person's alias closing the phrase after a role, "Ngoại trưởng Mỹ
Antony Blinken"; a given name after one of the speaker's roles, "người phát ngôn Điện Kremlin
Dmitry"). Anything else is proposed as a new speaker with its role and kind, for a fact-checker to
confirm or merge: a name found inside the phrase ("Mỹ" in the council's title) is never taken for it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from claims.choices import SpeakerKind
from claims.models import Speaker, SpeakerAlias
from core.text import fold, nfc
from sources.models import Outlet

# Nouns that describe a source without naming it.
ANONYMOUS_HEADS = ("quan chức", "nhà ngoại giao", "nguồn tin", "nguồn", "giới chức", "giới ngoại giao")
# Words that say what kind of outlet follows ("hãng tin Reuters", "Đài RT", "tờ New York Times").
OUTLET_HEADS = (
    "hãng thông tấn",
    "hãng tin",
    "đài truyền hình",
    "kênh truyền hình",
    "kênh",
    "đài",
    "báo",
    "tờ",
)
INSTITUTION_HEADS = (
    "bộ", "tập đoàn", "công ty", "ủy ban", "hội đồng", "văn phòng", "cơ quan", "chính phủ", "quốc hội",
    "liên minh", "đại sứ quán", "tổ chức", "điện", "nhà trắng", "lầu năm góc",
)  # fmt: skip
# Before a name, these make it a complement, not the head: "chính quyền ông Biden", "Đài RT của Nga".
LINKERS = ("của", "thuộc", "chính quyền", "với", "cho", "về", "quan chức", "phụ tá", "phía")
# Capitalised words of a title that are places or institutions, not a person's name.
NOT_NAME_WORDS = {
    fold(w)
    for w in (
        "Nga", "Mỹ", "Hoa", "Kỳ", "Ukraina", "Ukraine", "Đức", "Pháp", "Anh", "Trung", "Quốc", "Âu", "Á",
        "Kremlin", "Trắng", "NATO", "EU", "LHQ", "Liên", "Hợp", "Ngoại", "Giao", "Gia", "Hội", "Viện",
        "Thượng", "Hạ", "An", "Ninh", "Nhà", "Điện", "Bộ", "Ủy", "Ban", "Tổng", "Thống", "Thư", "Ký", "CNA",
    )
}  # fmt: skip
NAME_PARTICLES = {"von", "der", "de", "van", "bin", "al", "la", "du"}
PRONOUNS = {"ông", "bà", "họ", "ông ấy", "bà ấy", "ông này", "bà này", "quan chức này", "vị này", "người này"}


@dataclass(frozen=True)
class ProposedSpeaker:
    """Someone no known speaker is: `phrase` as written, split into `name` and `role`."""

    phrase: str
    name: str
    role: str
    kind: str  # SpeakerKind


@dataclass(frozen=True)
class Who:
    """What a phrase names; exactly one of the three is set."""

    speaker: Speaker | None = None
    outlet: Outlet | None = None  # a known outlet that has no speaker standing for it
    proposed: ProposedSpeaker | None = None

    @property
    def person(self) -> bool:
        return self.speaker is not None and self.speaker.kind == SpeakerKind.PERSON


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(nfc(text))))


def _starts(key: str, heads: tuple[str, ...]) -> str | None:
    return next((h for h in heads if key == _key(h) or key.startswith(_key(h) + " ")), None)


class SpeakerIndex:
    """The known speakers' aliases and the outlets' names, folded, for resolving phrases.

    A spelling two speakers share is left out: it would attribute speech by guesswork.
    """

    def __init__(self) -> None:
        owners: dict[str, dict[int, Speaker]] = {}
        # The days a spelling names its speaker (a title: "Tổng thống Mỹ"); (None, None) is always.
        self.periods: dict[str, list[tuple[dt.date | None, dt.date | None]]] = {}
        aliases = SpeakerAlias.objects.select_related("speaker__outlet")
        names = [(a.name, a.speaker, (a.valid_from, a.valid_until)) for a in aliases]
        speakers = list(Speaker.objects.select_related("outlet"))
        names += [(s.name, s, (None, None)) for s in speakers]
        for name, speaker, period in names:
            key = _key(name)
            if key:
                owners.setdefault(key, {})[speaker.pk] = speaker
                self.periods.setdefault(key, []).append(period)
        self.aliases = {key: next(iter(found.values())) for key, found in owners.items() if len(found) == 1}
        # The role an alias gives before the person's name: "người phát ngôn Điện Kremlin" for
        # "người phát ngôn Điện Kremlin, ông Dmitry Peskov".
        self.roles: dict[str, list[tuple[Speaker, set[str]]]] = {}
        surnames: dict[str, set[Speaker]] = {}
        for speaker in speakers:
            if speaker.kind == SpeakerKind.PERSON and len(_key(speaker.name).split()) > 1:
                surnames.setdefault(_key(speaker.name).split()[-1], set()).add(speaker)
        # "bà Sandu" for Maia Sandu, when no other person's name ends so.
        self.surnames = {key: next(iter(found)) for key, found in surnames.items() if len(found) == 1}
        for speaker in speakers:
            if speaker.kind != SpeakerKind.PERSON:
                continue
            words = _key(speaker.name).split()
            if len(words) < 2:
                continue
            given = set(words[:-1])
            for key, owner in self.aliases.items():
                if owner.pk == speaker.pk and key.endswith(" " + words[-1]):
                    role = key[: -len(words[-1]) - 1]
                    for name_word in words[:-1]:
                        role = role.removesuffix(" " + name_word)
                    role = role.removesuffix(" ong").removesuffix(" ba").strip()
                    if role:
                        self.roles.setdefault(role, []).append((speaker, given))
        self.outlets: dict[str, Outlet] = {}
        for outlet in Outlet.objects.all():
            self.outlets[_key(outlet.name)] = outlet
            for short in re.findall(r"\(([^)]+)\)", outlet.name):
                for part in short.split(","):
                    self.outlets.setdefault(_key(part), outlet)
            self.outlets[_key(re.sub(r"\s*\([^)]*\)", "", outlet.name))] = outlet

    def owner(self, key: str, on: dt.date | None = None) -> Speaker | None:
        """The speaker a folded spelling names in a text of day `on`: a dated spelling (a title)
        names its speaker only on its days, or in a text of unknown date."""
        speaker = self.aliases.get(key)
        if speaker is None or on is None:
            return speaker
        periods = self.periods[key]
        if any((a is None or a <= on) and (b is None or on <= b) for a, b in periods):
            return speaker
        return None

    def resolve(self, phrase: str, *, as_source: bool = False, on: dt.date | None = None) -> Who | None:
        """Who `phrase` names in a text of day `on`; None when it names nobody (empty, a pronoun,
        not a name phrase).

        `as_source`: the phrase is an intermediary, where a known outlet may stand on its own.
        """
        phrase = phrase.strip(" ,;:–-")
        key = _key(phrase)
        if not key or key in {_key(p) for p in PRONOUNS}:
            return None
        if (speaker := self.owner(key, on)) is not None:
            return Who(speaker=speaker)
        honorific = re.fullmatch(r"(?:ong|ba) (\w+)", key)
        if honorific and honorific.group(1) in self.surnames:
            return Who(speaker=self.surnames[honorific.group(1)])
        outlet_head = _starts(key, OUTLET_HEADS)
        bare = key[len(_key(outlet_head)) :].strip() if outlet_head else key
        if outlet_head and (speaker := self.owner(bare, on)) is not None:
            return Who(speaker=speaker)
        if bare in self.outlets:
            outlet = self.outlets[bare]
            speaker = next((s for s in self.aliases.values() if s.outlet_id == outlet.pk), None)
            if speaker is not None:
                return Who(speaker=speaker)
            if as_source:
                return Who(outlet=outlet)
            return Who(proposed=ProposedSpeaker(phrase, phrase, "", SpeakerKind.OUTLET))
        anonymous = _starts(re.sub(r"^(?:mot|cac|nhung|nhieu|hai|ba) ", "", key), ANONYMOUS_HEADS)
        if anonymous is None:
            known = self._by_name_part(key, on)
            if known is not None:
                return Who(speaker=known)
        return Who(proposed=self._proposal(phrase, key, anonymous is not None, outlet_head is not None))

    def _by_name_part(self, key: str, on: dt.date | None) -> Speaker | None:
        """A person's alias closing the phrase after a role, or a given name after their role."""
        words = key.split()
        for i in range(1, len(words)):
            tail, head = " ".join(words[i:]), " ".join(words[:i])
            speaker = self.owner(tail, on)
            if speaker is None or speaker.kind != SpeakerKind.PERSON:
                continue
            if not any(head == _key(w) or head.endswith(" " + _key(w)) for w in LINKERS):
                return speaker
        for i in range(1, len(words)):
            role, given = " ".join(words[:i]), set(words[i:])
            for speaker, names in self.roles.get(role, []):
                if given <= names:
                    return speaker
        return None

    def _proposal(self, phrase: str, key: str, anonymous: bool, outlet: bool) -> ProposedSpeaker:
        if anonymous:
            return ProposedSpeaker(phrase, phrase, phrase, SpeakerKind.ANONYMOUS)
        if outlet:
            return ProposedSpeaker(phrase, phrase, "", SpeakerKind.OUTLET)
        name, role = _split_name(phrase)
        if not role and _starts(key, INSTITUTION_HEADS):
            return ProposedSpeaker(phrase, phrase, "", SpeakerKind.INSTITUTION)
        if role and _starts(_key(role), INSTITUTION_HEADS) and not name:
            return ProposedSpeaker(phrase, phrase, "", SpeakerKind.INSTITUTION)
        return ProposedSpeaker(phrase, name or phrase, role, SpeakerKind.PERSON)


def _split_name(phrase: str) -> tuple[str, str]:
    """("Emily Horne", "phát ngôn viên Hội đồng An ninh Quốc gia Mỹ"): the name is the run of
    capitalised words closing the phrase, after the last word of a place or an institution."""
    words = phrase.split()
    i = len(words)
    while i > 0:
        word = words[i - 1].strip(",")
        if word in NAME_PARTICLES and i < len(words):
            i -= 1
            continue
        if not word[:1].isupper() or fold(word) in NOT_NAME_WORDS:
            break
        i -= 1
    # A foreign name is two words (particles aside): "Tổng thống Moldova Maia Sandu"; a
    # Vietnamese or Chinese one, written with diacritics, may be three ("Uông Văn Bân").
    named = [w for w in words[i:] if w not in NAME_PARTICLES]
    if len(named) > 2 and all(w.isascii() for w in named):
        while len([w for w in words[i:] if w not in NAME_PARTICLES]) > 2:
            i += 1
    if i < len(words) - 1 and words[i].lower() in {"ông", "bà"}:
        i += 1  # "Bà Sandu": an honorific, not a name
    name = " ".join(words[i:]).strip(", ")
    role = " ".join(words[:i]).strip(", ")
    if (name and role.endswith((" ông", " bà"))) or role in {"ông", "bà", "Ông", "Bà"}:
        role = role.rsplit(" ", 1)[0] if " " in role else ""
        role = role.strip(", ")
    return name, role
