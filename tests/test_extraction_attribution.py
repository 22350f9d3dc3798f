"""The speaker of reported speech is the one its attribution clause names: a known speaker only when
an alias is that name, else someone new proposed for a fact-checker to confirm; never the nearest
known name. Each test is one way extraction once put words in the wrong mouth."""

import pytest

from claims.choices import ReviewStatus, SpeakerKind, SpeakerStatus
from claims.models import Speaker, StatementVia
from claims.services.extraction import find_candidates, store_candidates
from core.text import nfc
from tests.factories import AliasFactory, ArticleFactory, OutletFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture
def known():
    """Known speakers whose names sit near the words of others in the texts below."""
    speakers = {}
    for slug, name, kind, aliases in [
        ("joe-biden", "Joe Biden", "person", ["ông Biden", "Tổng thống Mỹ Joe Biden", "Tổng thống Biden"]),
        ("vladimir-putin", "Vladimir Putin", "person", ["ông Putin", "Tổng thống Putin"]),
        ("kremlin", "Kremlin", "institution", ["Điện Kremlin"]),
        ("white-house", "White House", "institution", ["Nhà Trắng"]),
        ("us-government", "United States government", "institution", ["Mỹ", "Washington"]),
        ("russian-government", "Russian government", "institution", ["Nga", "Matxcơva"]),
        ("us-nsc", "US National Security Council", "institution", ["Hội đồng An ninh quốc gia Mỹ"]),
        (
            "dmitry-peskov",
            "Dmitry Peskov",
            "person",
            ["người phát ngôn Điện Kremlin, ông Dmitry Peskov", "Peskov"],
        ),
        ("unnamed-official", "Unnamed official", "person", ["một quan chức"]),
    ]:
        speakers[slug] = SpeakerFactory(slug=slug, name=name, kind=kind)
        for alias in aliases:
            AliasFactory(speaker=speakers[slug], name=alias)
    OutletFactory(slug="reuters", name="Reuters")
    return speakers


def attributed(body: str) -> list[tuple[str, str | None]]:
    """(quote, who) of each candidate: a known speaker's slug, "new: <phrase>" for a proposal."""
    found = []
    for c in find_candidates(ArticleFactory.build(body=nfc(body))):
        proposed = getattr(c, "proposed", None)
        who = c.speaker.slug if c.speaker else (f"new: {proposed.phrase}" if proposed else None)
        found.append((c.quote, who))
    return found


def via(body: str, quote: str) -> list[str]:
    [candidate] = [c for c in find_candidates(ArticleFactory.build(body=nfc(body))) if c.quote == nfc(quote)]
    return [
        w.speaker.slug if w.speaker else (w.outlet.slug if w.outlet else f"new: {w.proposed.phrase}")
        for w in getattr(candidate, "via", ())
    ]


def test_a_tweet_is_its_authors_not_the_known_name_in_it(known):
    body = (
        "Điện đàm Mỹ - Moldova\n"
        "“Tôi vừa trao đổi với Tổng thống Biden về tình hình an ninh ở sườn đông châu Âu”, "
        "Tổng thống Moldova Maia Sandu thông báo trên Twitter tối 3/1.\n"
        "Theo bà Sandu, ông Biden đã hứa hỗ trợ Chisinau về năng lượng trong mùa đông."
    )
    assert attributed(body) == [
        (
            "Tôi vừa trao đổi với Tổng thống Biden về tình hình an ninh ở sườn đông châu Âu",
            "new: Tổng thống Moldova Maia Sandu",
        ),
        # Her account of what Biden promised: hers, neither Biden's nor the channel's.
        ("ông Biden đã hứa hỗ trợ Chisinau về năng lượng trong mùa đông", "new: bà Sandu"),
    ]


def test_a_spokesperson_speaking_to_an_outlet_is_neither_their_council_nor_the_president(known):
    body = (
        "Nhà Trắng chuẩn bị đàm phán\n"
        "“Washington sẽ không nhượng bộ trước sức ép quân sự”, phát ngôn viên Hội đồng An ninh "
        "Quốc gia Mỹ Adrienne Watson tiết lộ với CNN.\n"
        "Một quan chức cấp cao Nhà Trắng giấu tên cho biết ông Biden sẽ gặp các đồng minh trước vòng đàm phán."
    )
    assert attributed(body) == [
        (
            "Washington sẽ không nhượng bộ trước sức ép quân sự",
            "new: phát ngôn viên Hội đồng An ninh Quốc gia Mỹ Adrienne Watson",
        ),
        (
            "ông Biden sẽ gặp các đồng minh trước vòng đàm phán",
            "new: Một quan chức cấp cao Nhà Trắng giấu tên",
        ),
    ]
    assert via(body, "Washington sẽ không nhượng bộ trước sức ép quân sự") == ["new: CNN"]


def test_a_spokesman_named_by_title_and_first_name_is_the_known_spokesman(known):
    body = (
        "Điện Kremlin bình luận\n"
        "“Chúng tôi không bình luận về những tin đồn vô căn cứ như vậy”, người phát ngôn Điện "
        "Kremlin Dmitry nói với báo giới."
    )
    # Not the Kremlin (his title), and not someone new called Dmitry.
    assert attributed(body) == [
        ("Chúng tôi không bình luận về những tin đồn vô căn cứ như vậy", "dmitry-peskov")
    ]


def test_neither_the_title_line_nor_a_place_and_time_is_a_statement(known):
    body = (
        "Matxcơva phủ nhận kế hoạch tấn công Ukraina sau hội đàm với ông Biden\n"
        "Hà Nội, ngày 10/12 (TTXVN) –\n"
        "“Chúng tôi sẵn sàng trao đổi về mọi vấn đề an ninh”, ông Putin nói trên truyền hình đêm ngày 9/12."
    )
    assert attributed(body) == [("Chúng tôi sẵn sàng trao đổi về mọi vấn đề an ninh", "vladimir-putin")]


def test_an_outlets_reading_a_wire_report_and_also_according_to_are_found(known):
    body = (
        "Phản ứng sau hội đàm\n"
        "Đài RT cho rằng các lệnh trừng phạt mới sẽ phản tác dụng đối với châu Âu.\n"
        "Reuters dẫn nguồn quan chức Mỹ cho biết Washington đã gửi văn bản trả lời tới Matxcơva.\n"
        "Cũng theo Điện Kremlin, các cuộc tham vấn sẽ tiếp tục vào tuần tới tại Geneva."
    )
    assert attributed(body) == [
        ("các lệnh trừng phạt mới sẽ phản tác dụng đối với châu Âu", "new: Đài RT"),
        ("Washington đã gửi văn bản trả lời tới Matxcơva", "new: quan chức Mỹ"),
        ("các cuộc tham vấn sẽ tiếp tục vào tuần tới tại Geneva", "kremlin"),
    ]
    assert via(body, "Washington đã gửi văn bản trả lời tới Matxcơva") == ["reuters"]


def test_a_quotation_inside_a_quotation_keeps_its_speaker(known):
    body = (
        "Điện Kremlin kể lại cuộc gọi\n"
        "Ông Peskov nói: “Tổng thống Biden đã nói với ông Putin rằng ‘Mỹ không tìm cách đối đầu với Nga’, "
        "và chúng tôi ghi nhận điều đó”."
    )
    outer = "Tổng thống Biden đã nói với ông Putin rằng ‘Mỹ không tìm cách đối đầu với Nga’, và chúng tôi ghi nhận điều đó"
    assert attributed(body) == [(outer, "dmitry-peskov"), ("Mỹ không tìm cách đối đầu với Nga", "joe-biden")]
    assert via(body, "Mỹ không tìm cách đối đầu với Nga") == ["dmitry-peskov"]


def test_stored_candidates_propose_new_speakers_unpublished_with_vietnamese_summaries(known, api, fc_api):
    article = ArticleFactory(
        body=nfc(
            "Phản ứng sau hội đàm\n"
            "Reuters dẫn nguồn quan chức Mỹ cho biết Washington đã gửi văn bản trả lời tới Matxcơva.\n"
            "“Chúng tôi sẽ bảo vệ chủ quyền của mình bằng mọi giá”, Tổng thống Moldova Maia Sandu "
            "thông báo trên Twitter.\n"
            "Bà Sandu cũng khẳng định Chisinau sẽ tiếp tục hợp tác với các đối tác phương Tây."
        )
    )
    stored = store_candidates(article)
    assert len(stored) == 3
    for statement in stored:
        claim = statement.claim
        assert (claim.summary, claim.summary_vi) == ("", statement.quote)
        assert claim.status == statement.status == ReviewStatus.CANDIDATE
    official, sandu, sandu_again = (s.claim.speaker for s in stored)
    assert (official.kind, official.status) == (SpeakerKind.ANONYMOUS, SpeakerStatus.PROPOSED)
    assert (sandu.name, sandu.role, sandu.kind) == ("Maia Sandu", "Tổng thống Moldova", SpeakerKind.PERSON)
    # Her later mention by name finds the speaker proposed for her.
    assert sandu_again == sandu and sandu.status == SpeakerStatus.PROPOSED
    [link] = StatementVia.objects.filter(statement=stored[0])
    assert link.outlet.slug == "reuters" and link.speaker is None
    # Proposed speakers stay unpublished until a fact-checker confirms them.
    assert api.get(f"{V1}/speakers/{sandu.slug}/").status_code == 404
    assert fc_api.get(f"{V1}/speakers/{sandu.slug}/").status_code == 200
    # A second run proposes nobody again.
    count = Speaker.objects.count()
    assert store_candidates(article) == []
    assert Speaker.objects.count() == count
