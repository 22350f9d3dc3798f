"""Every admin page of claims and sources, the admin's own pages and the login and lockout pages,
asked for in Vietnamese, show none of the project's English strings.

The project's English strings are the msgids of its catalogues (core, sources, claims): each is
looked for in the page's visible text, cut at its placeholders and tags. A page that still shows
one has a string that was not marked for translation, or a catalogue that misses it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import translation

from claims.choices import ContradictionKind, ContradictionStatus, ReviewStatus, Stance
from claims.models import ClaimSuggestion, Contradiction, Verdict
from claims.services.matching import keep_separate
from claims.services.notes import add_note
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    ClaimFactory,
    EventFactory,
    FactCheckerFactory,
    OutletFactory,
    SpeakerFactory,
    StatementFactory,
    TopicFactory,
    ViaFactory,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
OWN_CATALOGUES = [ROOT / app / "locale/vi/LC_MESSAGES/django.po" for app in ("core", "sources", "claims")]
# Placeholders (%(name)s, %s, {name}) and tags cut a msgid into the pieces a page may show.
CUTS = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}|<[^>]+>")
# Pieces too short to tell English from anything else, or that are not English words.
SHORTEST = 4
NOT_ENGLISH = {"Summit", "Wikidata", "ClaimReview", "sha256", "seeds/", "/api/docs/", "YYYY-MM-DD"}


def english_pieces() -> set[str]:
    pieces = set()
    for path in OWN_CATALOGUES:
        for entry in polib.pofile(str(path)):
            for msgid in (entry.msgid, entry.msgid_plural):
                for piece in CUTS.split(msgid):
                    piece = piece.strip(" .,:;!?…()\"'`—-")
                    if len(piece) >= SHORTEST and re.search(r"[A-Za-z]", piece) and piece not in NOT_ENGLISH:
                        pieces.add(piece)
    return pieces


class VisibleText(HTMLParser):
    """The text a reader sees: no scripts, styles or attributes."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_in(text: str, pieces: set[str]) -> list[str]:
    return sorted(p for p in pieces if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text, re.IGNORECASE))


@pytest.fixture
def corpus_in_vietnamese(db):
    """One record of each curated model, named with text that holds no English word of the interface,
    entered by a Vietnamese-speaking fact-checker (what detection writes is in their language)."""
    with translation.override("vi"):
        return make_corpus()


def make_corpus():
    outlet = OutletFactory(slug="plvn", name="Pháp luật Việt Nam")
    article = ArticleFactory(
        key="000_vi",
        title="Thượng đỉnh Nga - Mỹ",
        outlet=outlet,
        body="Thượng đỉnh Nga - Mỹ\nÔng Putin nói Nga không có ý định tấn công ai. Nhà Trắng phản đối.",
    )
    putin = SpeakerFactory(slug="vladimir-putin", name="Vladimir Putin")
    white_house = SpeakerFactory(slug="nha-trang", name="Nhà Trắng", kind="institution")
    AliasFactory(speaker=putin, name="ông Putin")
    event = EventFactory(
        slug="hoi-dam", name="Video call", name_vi="Hội đàm trực tuyến", starts_on="2021-12-07"
    )
    topic = TopicFactory(
        slug="nga-tan-cong", name="Russia will attack Ukraine", name_vi="Nga sẽ tấn công Ukraine"
    )
    denial = ClaimFactory(
        speaker=putin, topic=topic, stance=Stance.OPPOSES, event=event, said_on="2021-12-07",
        summary="Putin denies any plan to attack.", summary_vi="Ông Putin phủ nhận kế hoạch tấn công.",
        status=ReviewStatus.VERIFIED,
    )  # fmt: skip
    warning = ClaimFactory(
        speaker=white_house, topic=topic, stance=Stance.SUPPORTS,
        summary="Washington warns of an invasion.", summary_vi="Washington cảnh báo về một cuộc xâm lược.",
        status=ReviewStatus.VERIFIED,
    )  # fmt: skip
    said = StatementFactory(claim=denial, article=article, quote="Nga không có ý định tấn công ai")
    other = StatementFactory(claim=warning, article=article, quote="Nhà Trắng phản đối")
    ViaFactory(statement=said, position=0, outlet=outlet, speaker=None)
    # Saving the second verified claim suspected the contradiction (detection).
    contradiction = Contradiction.objects.get(
        kind=ContradictionKind.OPPOSING, status=ContradictionStatus.SUSPECTED
    )
    # Each change form shows its thread of notes: the author and the local time around the text.
    checker = FactCheckerFactory(username="hoa", is_staff=True)
    for record in (denial, said, contradiction):
        add_note(record, text="Đã đối chiếu với bản ghi hình.", user=checker)
    verdict = Verdict.objects.create(
        claim=denial, rating="false", textual_rating="Sai", explanation="Quân đội Nga đã vượt biên giới.",
        reviewed_on="2022-02-24",
    )  # fmt: skip
    # Matching suggested the denial for the statement of another claim, and a fact-checker decided.
    suggestion = ClaimSuggestion.objects.create(
        statement=other, claim=warning, suggested_claim=denial, score=0.5
    )
    keep_separate(suggestion, user=checker)
    return [
        outlet,
        article,
        putin,
        putin.aliases.get(),
        event,
        topic,
        denial,
        said,
        other,
        contradiction,
        verdict,
        suggestion,
    ]


def admin_pages(records) -> list[str]:
    """Each registered model's list, add form, and for one record its change form, history, one
    version of its history and its delete confirmation."""
    urls = ["/admin/", "/admin/claims/", "/admin/sources/", "/admin/password_change/"]
    by_model = {type(record): record for record in records}
    for label in ("sources", "claims"):
        for model in apps.get_app_config(label).get_models():
            if not admin.site.is_registered(model):
                continue
            name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
            urls += [reverse(f"{name}_changelist"), reverse(f"{name}_changelist") + "?q=tan+cong"]
            if model is not ClaimSuggestion:  # suggested by matching, never added by hand
                urls.append(reverse(f"{name}_add"))
            record = by_model.get(model)
            if record is None:
                record = model._default_manager.first()
            assert record is not None, f"no {model.__name__} to show"
            version = getattr(record, "history").first()  # noqa: B009  (a manager mypy does not know)
            urls += [
                reverse(f"{name}_change", args=[record.pk]),
                reverse(f"{name}_history", args=[record.pk]),
                reverse(f"{name}_simple_history", args=[record.pk, version.history_id]),
                reverse(f"{name}_delete", args=[record.pk]),
            ]
    return urls


def test_every_admin_page_is_in_vietnamese(corpus_in_vietnamese):
    client = Client(headers={"Accept-Language": "vi"})
    client.force_login(FactCheckerFactory(username="lan", is_staff=True))
    pieces = english_pieces()
    left = {}
    pages = admin_pages(corpus_in_vietnamese)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "vi", url
        found = english_in(visible_text(response.content.decode()), pieces)
        if found:
            left[url] = found
    assert left == {}
    assert len(pages) > 70


def test_the_login_and_lockout_pages_are_in_vietnamese(settings):
    settings.AXES_FAILURE_LIMIT = 2
    pieces = english_pieces()
    client = Client(headers={"Accept-Language": "vi"})
    login = client.get("/admin/login/")
    assert english_in(visible_text(login.content.decode()), pieces) == []
    assert "Đăng nhập" in login.content.decode()
    refused = client.post("/admin/login/", {"username": "lan", "password": "sai"})
    locked = client.post("/admin/login/", {"username": "lan", "password": "sai"})
    assert (refused.status_code, locked.status_code) == (200, 429)
    text = visible_text(locked.content.decode())
    assert english_in(text, pieces) == []
    assert "Đăng nhập sai quá nhiều lần" in text


def test_the_article_review_page_is_in_vietnamese(corpus_in_vietnamese):
    article = corpus_in_vietnamese[1]
    client = Client(headers={"Accept-Language": "vi"})
    client.force_login(FactCheckerFactory(username="lan", is_staff=True))
    response = client.get(reverse("admin:sources_article_review", args=[article.pk]))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert english_in(text, english_pieces()) == []
    assert "Chọn các từ trong văn bản để thêm một trích dẫn." in text
