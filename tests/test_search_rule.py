"""One search rule, API and admin alike, checked on the seed corpus against labels read from the
fixtures by hand: every word must occur (folded) in a searched field, a "quoted phrase" as
written, and a key matches whole."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Statement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"

# Claim keys each term must find (fixtures/30_claims.json, with the speakers' aliases of
# fixtures/10_speakers.json and the topics of fixtures/20_events_topics.json).
CLAIMS = {
    # Both words, anywhere: Putin's claims whose summary or topic names NATO, and the Kremlin's
    # two that name both. One phrase "putin nato" occurs nowhere.
    "putin nato": {
        "putin-demands-legal-guarantees-against-nato-expansion",
        "putin-nato-broke-promise-not-to-expand",
        "putin-no-offensive-weapons-near-russia",  # NATO only in its topic
        "putin-nato-seeks-military-presence-in-ukraine",
        "putin-ukraine-nato-membership-not-up-for-discussion",
        "kremlin-putin-will-oppose-ukraine-joining-nato",
        "kremlin-putin-will-oppose-nato-expansion",
        "putin-russia-needs-legal-guarantees",  # NATO only in its topic
    },
    # "đàm phán" as a phrase: in Vietnamese summaries, or in the topic's Vietnamese name.
    '"dam phan"': {
        "putin-calls-for-meaningful-negotiations",
        "kremlin-presidents-hope-for-jcpoa-solution",
        "zakharova-confirms-russia-nato-and-osce-dates",  # topic "...được đàm phán với Mỹ..."
        "zakharova-security-draft-talks-geneva-brussels-vienna",
        "zakharova-interagency-delegations-ryabkov-sherman",
        "some-market-analysts-talks-will-ease-tensions",
        "observers-january-talks-will-remain-difficult",
        "afp-dec30-call-opened-door-to-diplomacy",
        "bloomberg-biden-to-consult-european-allies",
        "article-002-video-call-about-two-hours",
    },
    # The two words apart also find "điện đàm ... một phần", "hội đàm ... phân tích".
    "dam phan": {
        "putin-calls-for-meaningful-negotiations",
        "kremlin-presidents-hope-for-jcpoa-solution",
        "zakharova-confirms-russia-nato-and-osce-dates",
        "zakharova-security-draft-talks-geneva-brussels-vienna",
        "zakharova-interagency-delegations-ryabkov-sherman",
        "russian-security-council-call-constructive",  # "điện đàm", "một phần"
        "some-market-analysts-talks-will-ease-tensions",
        "other-market-analysts-sanctions-threat-eroded-hopes",  # topic "hội đàm", "phân tích"
        "analysts-no-quick-breakthrough-managed-competition",
        "analysts-ukraine-on-summit-agenda",
        "analysts-geneva-only-mutual-probing",
        "observers-january-talks-will-remain-difficult",
        "afp-dec30-call-opened-door-to-diplomacy",
        "bloomberg-biden-to-consult-european-allies",
        "article-002-video-call-about-two-hours",
    },
    # The Russian government's alias "Matxcơva", and the summaries "tại Matxcơva", "Washington
    # và Matxcơva".
    "Matxcova": {
        "russia-ready-to-listen-before-dec30-call",
        "russia-objects-to-western-military-aid-to-ukraine",
        "russia-says-nato-expansion-is-the-real-threat",
        "russia-agreed-ambassadors-return",
        "russia-agreed-consultations-diplomacy-to-strategic-stability",
        "russia-agreed-cyber-security-cooperation-red-line",
        "us-agreed-cyber-security-cooperation-red-line",
        "us-embassy-cuts-consular-services",
    },
    # Another alias spelling of the same speaker, in no summary.
    "Moskva": {
        "russia-ready-to-listen-before-dec30-call",
        "russia-objects-to-western-military-aid-to-ukraine",
        "russia-says-nato-expansion-is-the-real-threat",
        "russia-agreed-ambassadors-return",
        "russia-agreed-consultations-diplomacy-to-strategic-stability",
        "russia-agreed-cyber-security-cooperation-red-line",
    },
    # Upper case, diacritics: in summaries, and in the aliases of Jake Sullivan and Jen Psaki.
    "NHÀ TRẮNG": {
        "white-house-confirms-december-7-talks",
        "white-house-western-leaders-coordinated-approach",
        "sullivan-us-would-reinforce-baltic-allies",  # "Cố vấn an ninh quốc gia Nhà Trắng ..."
        "sullivan-agreed-to-coordinate-to-improve-relations",
        "psaki-biden-will-voice-concern-over-russian-military-activity",  # "... Nhà trắng Jen Psaki"
        "psaki-biden-will-reaffirm-ukraine-sovereignty",
    },
    # A claim key, whole.
    "putin-praises-biden-as-professional": {"putin-praises-biden-as-professional"},
    # A word of two letters beside a longer one must occur too: one of Zakharova's three claims.
    "Zakharova 13": {"zakharova-confirms-russia-nato-and-osce-dates"},
    # A Vietnamese topic word: the topics "Phương Tây nên hỗ trợ..." and "Các nước phương Tây...",
    # the West's alias, and the summaries that name the West.
    "phuong tay": {
        "biden-pledges-more-defensive-capabilities-for-ukraine",
        "biden-warns-of-sanctions-if-russia-attacks-ukraine",
        "putin-russia-needs-legal-guarantees",
        "russia-objects-to-western-military-aid-to-ukraine",
        "reznikov-us-uk-canada-should-deploy-troops",
        "canada-cds-refuses-to-send-troops",
        "west-fears-moscow-plans-to-attack-ukraine",
        "article-002-canada-did-not-answer",
    },
    # A phrase found only in a topic's Vietnamese name ("Đại sứ ... nên trở lại nhiệm sở").
    '"nhiem so"': {
        "putin-ambassadors-return-technical-matter",
        "russia-agreed-ambassadors-return",
        "us-agreed-ambassadors-return",
    },
    "Kiev": {"putin-kyiv-undermining-minsk-agreements"},
    "trừng phạt": {
        "biden-warns-of-sanctions-if-russia-attacks-ukraine",
        "us-dropped-nord-stream-2-sanctions-to-spare-germany",
        "other-market-analysts-sanctions-threat-eroded-hopes",
    },
    "zzqqxx": set(),
}


@pytest.fixture
def seeded(db):
    call_command("seed", stdout=StringIO())


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def api_rows(api, path, q):
    """Every row of every page the API lists for `q`."""
    rows, url, params = [], f"{V1}{path}", {"q": q, "page_size": 5}
    while url:
        response = api.get(url, params)
        assert response.status_code == 200, response.content
        rows += response.json()["results"]
        url, params = response.json()["next"], None
    return rows


def admin_rows(client, path, q):
    """The rows of the admin's changelist for `q` (every page)."""
    rows, page = [], 1
    while True:
        response = client.get(f"/admin/{path}", {"q": q, "p": page})
        assert response.status_code == 200
        changelist = response.context["cl"]
        rows += list(changelist.result_list)
        if page >= changelist.paginator.num_pages:
            return rows
        page += 1


def test_claim_search_finds_the_labelled_claims(api, superuser_client, seeded):
    for q, keys in CLAIMS.items():
        assert {row["key"] for row in api_rows(api, "/claims/", q)} == keys, f"API: {q}"
        assert {claim.key for claim in admin_rows(superuser_client, "claims/claim/", q)} == keys, (
            f"admin: {q}"
        )


# Statements by (claim key, article key, start): fixtures/40_statements.json.
STATEMENTS = {
    # The quote "Moskva đang đợi..." and the statements of the claims of the speaker whose alias it is.
    "Moskva": {
        ("kremlin-online-summit-timing-set", "001_cb9fabbd559097a0", 3702),
        ("russia-ready-to-listen-before-dec30-call", "003_258c2c428f2593fb", 660),
        ("russia-objects-to-western-military-aid-to-ukraine", "000_12f5a146de662289", 2318),
        ("russia-says-nato-expansion-is-the-real-threat", "000_12f5a146de662289", 2318),
        ("russia-says-nato-expansion-is-the-real-threat", "001_cb9fabbd559097a0", 1477),
        ("russia-agreed-ambassadors-return", "004_c7f51a9b8194ab01", 1880),
        ("russia-agreed-consultations-diplomacy-to-strategic-stability", "004_c7f51a9b8194ab01", 1963),
        ("russia-agreed-consultations-diplomacy-to-strategic-stability", "004_c7f51a9b8194ab01", 2044),
        ("russia-agreed-cyber-security-cooperation-red-line", "004_c7f51a9b8194ab01", 2257),
        ("russia-agreed-cyber-security-cooperation-red-line", "004_c7f51a9b8194ab01", 2484),
    },
    '"lan cuoi"': {("kremlin-online-summit-timing-set", "001_cb9fabbd559097a0", 3702)},
}


def statement_label(row) -> tuple:
    return (row.claim.key, row.article.key, row.start)


def test_statement_search_finds_the_labelled_statements(api, superuser_client, seeded):
    # An article's key, whole: every statement of that article.
    in_003 = {statement_label(s) for s in Statement.objects.filter(article__key="003_258c2c428f2593fb")}
    assert len(in_003) == 14
    for q, labels in {**STATEMENTS, "003_258c2c428f2593fb": in_003}.items():
        ids = [row["id"] for row in api_rows(api, "/statements/", q)]
        found = {
            statement_label(s)
            for s in Statement.objects.filter(id__in=ids).select_related("claim", "article")
        }
        assert found == labels, f"API: {q}"
        rows = admin_rows(superuser_client, "claims/statement/", q)
        assert {statement_label(s) for s in rows} == labels, f"admin: {q}"


ARTICLES = {
    "002_3c07cc381cdcf122": {"002_3c07cc381cdcf122"},
    # Titles 001 ("...thảo luận thượng đỉnh") and 004 ("Thượng đỉnh Biden - Putin"), body of 000.
    '"thuong dinh"': {"000_12f5a146de662289", "001_cb9fabbd559097a0", "004_c7f51a9b8194ab01"},
    # Both words in the body: "Matxcơva" is in two articles' bodies only.
    "matxcova vladimir": {"000_12f5a146de662289", "004_c7f51a9b8194ab01"},
    "Vladivostok": set(),
}


def test_article_search_finds_the_labelled_articles(api, superuser_client, seeded):
    for q, keys in ARTICLES.items():
        assert {row["key"] for row in api_rows(api, "/articles/", q)} == keys, f"API: {q}"
        assert {a.key for a in admin_rows(superuser_client, "sources/article/", q)} == keys, f"admin: {q}"


@pytest.mark.parametrize("q", ["my", "Mỹ", "zq", "?", "1 2", "a b c", "“…”"])
def test_a_search_without_a_word_of_three_letters_is_refused_alike(api, superuser_client, seeded, q):
    """No index can look such a search up: the API answers 400 naming `q`, the admin says so and
    lists nothing."""
    for path in ("/claims/", "/statements/", "/articles/"):
        response = api.get(f"{V1}{path}", {"q": q})
        assert response.status_code == 400
        assert response.json()["errors"] == [
            {
                "field": "q",
                "code": "too_short",
                "message": "Enter a word of at least 3 letters or digits to search.",
            }
        ]
    response = superuser_client.get("/admin/claims/claim/", {"q": q})
    assert list(response.context["cl"].result_list) == []
    assert "Enter a word of at least 3 letters or digits to search." in response.text


def search_queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("path", "q", "budget"),
    [
        # the speakers and topics the terms name, all terms in one query; the claims (joined with
        # speaker, topic, event and verdict)
        ("/claims/", "putin nato", 2),
        ("/claims/", '"dam phan" Zakharova 13', 2),
        # the claims, speakers and articles the terms name, in one query; the statements (joined);
        # their chains
        ("/statements/", "Moskva lan", 3),
        # the articles (joined with their outlet)
        ("/articles/", "matxcova vladimir", 1),
    ],
)
def test_a_searched_list_costs_the_same_queries_whatever_its_page_size(api, seeded, path, q, budget):
    for size in (2, 40):
        assert search_queries(api, f"{V1}{path}", {"q": q, "page_size": size}) == budget


@pytest.mark.parametrize("q", ["putin", "putin nato dam", '"dam phan" Zakharova 13'])
def test_the_admin_search_costs_a_fixed_number_of_queries(superuser_client, seeded, q):
    # the session; the user; the events (the sidebar's filter); the speakers and topics the
    # terms name, in one query; the count up to the cap; the page's claims (joined)
    assert search_queries(superuser_client, "/admin/claims/claim/", {"q": q}) == 6
