"""Candidate extraction: reported speech found with exact spans and speakers, stored once, and
measured against the curated corpus."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from claims.choices import ReviewStatus, SpeechMode, Stance
from claims.models import Claim, Contradiction, Statement, Topic
from claims.services.extraction import UNCLASSIFIED_NAME, find_candidates, store_candidates
from claims.services.extraction_scores import (
    SPLITS,
    evaluate,
    load_articles,
    load_labels,
    load_pairs,
    score_split,
)
from claims.services.reported_speech import SpeakerNames
from core.text import nfc
from sources.models import Article
from tests.factories import AliasFactory, ArticleFactory, ClaimFactory, SpeakerFactory, StatementFactory

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.BASE_DIR) / "seeds"
FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# Measured on the curated corpus of 126 statements (overall precision 0.863, recall 0.627); the
# floors sit a little below so that a change to the heuristics that loses ground fails here.
PRECISION_FLOOR = 0.84
RECALL_FLOOR = 0.60
# The development set's goals; its held-out articles are held to them too, bar misattributions
# (2 of 37 when it was scored, devset/README.md and the README's Extraction section).
DEVSET = Path(settings.BASE_DIR) / "devset"
DEVSET_PRECISION, DEVSET_RECALL, DEVSET_MISATTRIBUTED = 0.85, 0.70, 0.03

BODY = nfc(
    "Hội đàm trực tuyến\n"
    "“Đây là một bước tiến quan trọng cho hòa bình thế giới”, một nhà bình luận nhận xét.\n"
    "Ông Putin nói: “Nga không có ý định tấn công bất kỳ ai”. "
    "Điện Kremlin cho biết các cuộc đàm phán sẽ tiếp tục vào tháng tới. "
    "Theo Nhà Trắng, Mỹ sẽ áp đặt các biện pháp kinh tế mạnh mẽ.\n"
    "“Chúng tôi sẵn sàng đối thoại với phương Tây”, ông Biden nói. "
    "Matxcơva phủ nhận kế hoạch tấn công Ukraine.\n"
    "Tổng thống Nga Vladimir Putin phát biểu tại Sochi. “Chúng tôi muốn có đảm bảo về mặt pháp lý”, ông nói.\n"
    "Các nhà phân tích gọi đây là “hòa bình nóng”."
)


@pytest.fixture
def speakers():
    putin = SpeakerFactory(slug="vladimir-putin", name="Vladimir Putin")
    AliasFactory(speaker=putin, name="ông Putin")
    AliasFactory(speaker=putin, name="Tổng thống Nga Vladimir Putin")
    kremlin = SpeakerFactory(slug="kremlin", name="Kremlin", kind="institution")
    AliasFactory(speaker=kremlin, name="Điện Kremlin")
    AliasFactory(speaker=kremlin, name="Matxcova")  # written without diacritics: matched folded
    white_house = SpeakerFactory(slug="white-house", name="White House", kind="institution")
    AliasFactory(speaker=white_house, name="Nhà Trắng")
    biden = SpeakerFactory(slug="joe-biden", name="Joe Biden")
    AliasFactory(speaker=biden, name="ông Biden")
    sullivan = SpeakerFactory(slug="jake-sullivan", name="Jake Sullivan")
    AliasFactory(speaker=sullivan, name="Cố vấn Nhà Trắng Jake Sullivan")
    return {s.slug: s for s in (putin, kremlin, white_house, biden, sullivan)}


def found(article):
    candidates = find_candidates(article)
    for c in candidates:
        assert article.body[c.start : c.end] == c.quote
    return [(c.quote, c.speaker.slug if c.speaker else None, c.mode) for c in candidates]


def test_direct_and_indirect_speech_are_found_with_their_speakers(speakers):
    article = ArticleFactory(body=BODY)
    assert found(article) == [
        # No name in the sentence or the one before: found, but nobody to attribute it to.
        ("Đây là một bước tiến quan trọng cho hòa bình thế giới", None, SpeechMode.DIRECT),
        # "Ông Putin" matches the alias "ông Putin" whatever the case.
        ("Nga không có ý định tấn công bất kỳ ai", "vladimir-putin", SpeechMode.DIRECT),
        ("các cuộc đàm phán sẽ tiếp tục vào tháng tới", "kremlin", SpeechMode.INDIRECT),
        ("Mỹ sẽ áp đặt các biện pháp kinh tế mạnh mẽ", "white-house", SpeechMode.INDIRECT),
        # The speaker named after the quotation.
        ("Chúng tôi sẵn sàng đối thoại với phương Tây", "joe-biden", SpeechMode.DIRECT),
        # "Matxcơva" found through the alias "Matxcova": diacritics do not matter.
        ("kế hoạch tấn công Ukraine", "kremlin", SpeechMode.INDIRECT),
        # "ông nói" points back to the previous sentence's speaker.
        ("Chúng tôi muốn có đảm bảo về mặt pháp lý", "vladimir-putin", SpeechMode.DIRECT),
        # “hòa bình nóng” is a scare quote, not speech.
    ]


def test_spans_are_exact_offsets_into_the_body(speakers):
    article = ArticleFactory(body=BODY)
    for c in find_candidates(article):
        assert (c.start, c.end) == (BODY.index(c.quote), BODY.index(c.quote) + len(c.quote))


def test_relays_longest_names_and_continuing_speakers(speakers):
    article = ArticleFactory(
        body="Thượng đỉnh\n"
        "Điện Kremlin cho biết ông Putin nói với ông Biden rằng việc đổ lỗi cho Nga là sai lầm. "
        "Cố vấn Nhà Trắng Jake Sullivan cho biết Mỹ sẽ tiếp tục hỗ trợ Ukraine. "
        "Điện Kremlin phủ nhận mọi ý định tấn công và nói rằng quân đội Nga chỉ phòng thủ."
    )
    assert found(article) == [
        # The Kremlin only relays what Putin said; Biden is whom he said it to.
        ("việc đổ lỗi cho Nga là sai lầm", "vladimir-putin", SpeechMode.INDIRECT),
        # The longest name wins: Sullivan, not the White House inside his title.
        ("Mỹ sẽ tiếp tục hỗ trợ Ukraine", "jake-sullivan", SpeechMode.INDIRECT),
        # One speaker going on ("… và nói rằng …") is one candidate.
        ("mọi ý định tấn công và nói rằng quân đội Nga chỉ phòng thủ", "kremlin", SpeechMode.INDIRECT),
    ]


def test_store_candidates_files_candidate_statements_once(speakers):
    article = ArticleFactory(body=BODY)
    # A curated statement of Putin already covers his first quotation: not stored again.
    curated = StatementFactory(
        article=article,
        claim=ClaimFactory(speaker=speakers["vladimir-putin"]),
        quote="Nga không có ý định tấn công",
    )
    stored = store_candidates(article)
    assert sorted(s.quote for s in stored) == sorted(
        [
            "các cuộc đàm phán sẽ tiếp tục vào tháng tới",
            "Mỹ sẽ áp đặt các biện pháp kinh tế mạnh mẽ",
            "Chúng tôi sẵn sàng đối thoại với phương Tây",
            "kế hoạch tấn công Ukraine",
            "Chúng tôi muốn có đảm bảo về mặt pháp lý",
        ]
    )
    topic = Topic.objects.get(slug="unclassified")
    assert topic.name == UNCLASSIFIED_NAME
    for statement in stored:
        statement.refresh_from_db()
        claim = statement.claim
        assert statement.status == ReviewStatus.CANDIDATE
        assert article.body[statement.start : statement.end] == statement.quote == nfc(statement.quote)
        assert (claim.status, claim.stance, claim.topic) == (ReviewStatus.CANDIDATE, Stance.NEUTRAL, topic)
        # The article's Vietnamese is the claim's Vietnamese summary; the English one is left to
        # the fact-checker who classifies it.
        assert (claim.summary, claim.summary_vi) == ("", statement.quote)
        assert claim.statements.count() == 1
    assert {s.claim.speaker.slug for s in stored} == {"kremlin", "white-house", "joe-biden", "vladimir-putin"}
    assert not Contradiction.objects.exists()  # neutral candidates contradict nothing

    counts = (Statement.objects.count(), Claim.objects.count(), Topic.objects.count())
    assert store_candidates(article) == []
    assert (Statement.objects.count(), Claim.objects.count(), Topic.objects.count()) == counts
    assert Statement.objects.get(pk=curated.pk).status == ReviewStatus.VERIFIED

    # A candidate a fact-checker rejected is not proposed again.
    Statement.objects.filter(pk=stored[0].pk).update(status=ReviewStatus.REJECTED)
    assert store_candidates(article) == []


def test_long_quotes_get_a_short_summary(speakers):
    quote = "Chúng tôi " + "rất " * 80 + "muốn hòa bình"
    article = ArticleFactory(body=f"Tin\nÔng Putin nói: “{quote}”.")
    [statement] = store_candidates(article)
    assert statement.quote == quote
    assert statement.claim.summary_vi == f"{quote[:200]}…"


def test_ingest_extract_stores_candidates(speakers, tmp_path):
    path = tmp_path / "new-article.txt"
    path.write_text(BODY, encoding="utf-8")
    out = StringIO()
    call_command("ingest", path, "--extract", stdout=out)
    article = Article.objects.get(key="new-article")
    assert "6 candidate statements" in out.getvalue()
    assert Statement.objects.filter(article=article, status=ReviewStatus.CANDIDATE).count() == 6


def test_evaluate_counts_overlaps_with_curated_statements_of_the_same_speaker(speakers):
    article = ArticleFactory(body=BODY)
    kremlin = ClaimFactory(speaker=speakers["kremlin"])
    biden = ClaimFactory(speaker=speakers["joe-biden"])
    StatementFactory(article=article, claim=kremlin, quote="các cuộc đàm phán sẽ tiếp tục")
    # On the Kremlin's candidate, but Biden's: no match.
    StatementFactory(article=article, claim=biden, quote="Matxcơva phủ nhận")
    # Candidates are not curated: not counted.
    StatementFactory(article=article, claim=biden, quote="Chúng tôi sẵn sàng", status=ReviewStatus.CANDIDATE)
    [score] = evaluate([article]).articles
    assert (score.candidates, score.curated, score.true_positives, score.found) == (6, 2, 1, 1)
    assert (score.precision, score.recall) == (1 / 6, 0.5)


def curated_statements_exist() -> bool:
    return any('claims.statement"' in p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.json"))


@pytest.mark.skipif(not curated_statements_exist(), reason="no curated statements in fixtures/ yet")
def test_extraction_finds_the_curated_statements():
    call_command("seed", stdout=StringIO())
    keys = [p.stem for p in sorted(SEEDS.glob("*.txt"))]
    scores = evaluate(Article.objects.filter(key__in=keys).order_by("key"))
    total = scores.total
    assert len(scores.articles) == 5 and total.curated > 0
    assert total.precision >= PRECISION_FLOOR, total
    assert total.recall >= RECALL_FLOOR, total

    out = StringIO()
    call_command("evaluate_extraction", stdout=out)
    lines = out.getvalue().splitlines()
    matching = [line for line in lines if line.startswith("claim matching:")]
    assert len(matching) == 1 and re.search(r"precision=\d\.\d{3} recall=\d\.\d{3}$", matching[0])
    lines = [line for line in lines if line not in matching]
    assert [line.split(":")[0] for line in lines] == [*keys, "overall", "devset tuning", "devset heldout"]
    figures = r"misattributed=\d+ precision=\d\.\d{3} recall=\d\.\d{3}"
    assert all(re.search(figures, line) for line in lines), lines
    assert lines[5].endswith(f"precision={total.precision:.3f} recall={total.recall:.3f}")

    names = SpeakerNames()
    tuning, heldout = (score_split(DEVSET / split, names) for split in SPLITS)
    assert tuning.precision >= DEVSET_PRECISION and tuning.recall >= DEVSET_RECALL, tuning.errors
    assert tuning.misattribution_rate <= DEVSET_MISATTRIBUTED, tuning.errors
    assert heldout.precision >= DEVSET_PRECISION and heldout.recall >= DEVSET_RECALL, heldout.errors


def test_the_development_set_labels_the_words_of_its_articles():
    speakers = {
        row["fields"]["slug"]
        for row in json.loads((FIXTURES / "10_speakers.json").read_text(encoding="utf-8"))
        if row["model"] == "claims.speaker"
    }
    ids = set()
    for split in SPLITS:
        articles = load_articles(DEVSET / split)
        for label in load_labels(DEVSET / split):
            assert articles[label.article].body[label.start : label.end] == label.quote, label.id
            assert label.speaker.get("known", "new") in speakers | {"new"}, label.id
            assert label.mode in {SpeechMode.DIRECT, SpeechMode.INDIRECT}, label.id
            ids.add(label.id)
        assert len(articles) >= 4
    assert len(ids) >= 100
    assert all(a in ids and b in ids for a, b in load_pairs(DEVSET))
