"""The performance tooling and what it relies on, without timing anything.

- The synthetic corpus generator is deterministic and its rows keep the project's invariants
  (quotes at their spans, foreign keys, constraints); its bulk loader works.
- The main queries use the indexes meant for them (EXPLAIN on a small generated corpus,
  sequential scans disabled so that a few thousand rows plan like a million).
- Search pages computed with per-way LIMITs are exactly the pages of the plain search.
- The orjson renderer writes the bytes DRF's JSONRenderer writes.
- The admin's big lists, sorted by any of their columns, read their page in an index's order.
- The bench's calibration gives its two figures in the units it prints.
"""

import hashlib
import unicodedata
from urllib.parse import urlencode

import orjson
import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.renderers import JSONRenderer

from claims.models import Claim, Contradiction, Speaker, Statement, StatementVia, Topic, Verdict
from claims.selectors import search_claims
from claims.services.corpus_checks import contradiction_counts_out_of_step, outlets_out_of_step
from core.api.renderers import ORJSONRenderer
from perf.bench.endpoints import cursor_at
from perf.bench.generator import Generator, Sizes
from perf.bench.loader import bulk_load, reset_sequences, write_batches
from perf.bench.timing import machine_speed
from tests.factories import FactCheckerFactory

V1 = "/api/v1"
CLAIMS = 3_000


def digest(sizes: Sizes, seed: int) -> str:
    h = hashlib.sha256()
    for batch in Generator(sizes, seed).batches():
        h.update(repr((batch.table, batch.rows)).encode())
    return h.hexdigest()


def test_same_seed_same_rows_other_seed_other_rows():
    sizes = Sizes.for_claims(500)
    assert digest(sizes, 7) == digest(sizes, 7)
    assert digest(sizes, 7) != digest(sizes, 8)


def test_sizes_scale_down_with_the_claims():
    big, small = Sizes.for_claims(1_000_000), Sizes.for_claims(2_000)
    assert (big.speakers, big.articles) == (10_000, 100_000)
    assert (small.speakers, small.articles) == (20, 200)


def test_bulk_load_rebuilds_every_index(db):
    def indexes():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename LIKE 'claims\\_%' OR tablename LIKE 'sources\\_%'"
            )
            return {row[0] for row in cursor.fetchall()}

    before, targets = indexes(), statistics_targets()
    written = bulk_load(connection.connection, Generator(Sizes.for_claims(300), seed=2).batches())
    assert written["claims_claim"] == 300
    assert indexes() == before
    assert Claim.objects.count() == 300
    # The load runs without triggers: the generator copies each claim's speaker itself.
    assert Statement.objects.exists()
    assert not Statement.objects.exclude(speaker_id=F("claim__speaker_id")).exists()
    # And copies each article's outlet, and counts each claim's standing contradictions itself.
    assert outlets_out_of_step() == []
    assert Claim.objects.filter(standing_contradictions__gt=0).exists()
    assert contradiction_counts_out_of_step() == []
    # Set by migrations on the stored folds the search indexes are built on (claims 0015) and on
    # the joined indexes' expressions (0019), and kept through the load, which rebuilds the indexes.
    assert targets == statistics_targets()
    assert targets == {
        "claims_statement.quote_folded": 1000,
        "claims_claim.summary_folded": 1000,
        "claims_claim.summary_vi_folded": 1000,
        "statement_quote_joined_trgm.replace": 1000,
        "claim_summary_joined_trgm.replace": 1000,
        "claim_summary_vi_joined_trgm.replace": 1000,
    }


def statistics_targets() -> dict[str, int]:
    """Statistics targets set on columns of tables or indexes, by `relation.column`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname || '.' || a.attname, a.attstattarget FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid WHERE c.relkind IN ('i', 'r') "
            "AND c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND a.attstattarget >= 0"
        )
        return dict(cursor.fetchall())


# As many speakers and topics as a corpus 30 times larger: a speaker's or a topic's share of the
# claims, which decides whether the planner walks its index, is then what it is at scale.
SIZES = Sizes(claims=CLAIMS, speakers=1_000, articles=300, outlets=5, topics=300, events=3)


@pytest.fixture(scope="module")
def corpus_rows(django_db_setup, django_db_blocker):
    """A small corpus COPYed once for the module, in a transaction rolled back after it.

    Each test's own transaction nests in it as a savepoint, as in Django's TestCase classes.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        connection.ensure_connection()
        written = write_batches(connection.connection, Generator(SIZES, seed=1).batches())
        reset_sequences(connection.connection)
        with connection.cursor() as cursor:
            # Every deferred foreign key is checked now rather than at a commit that never comes.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # New GIN entries wait in a pending list until a vacuum, which a transaction cannot run;
            # merged now, the trigram indexes are costed as they are in a loaded database.
            cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'gin'"
            )
            cursor.execute("ANALYZE")
    yield written
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def generated(corpus_rows, db):
    return corpus_rows


def test_generated_rows_keep_the_invariants(generated):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM claims_statement s JOIN sources_article a ON a.id = s.article_id "
            'WHERE substr(a.body, s.start + 1, s."end" - s.start) <> s.quote'
        )
        assert cursor.fetchone()[0] == 0, "a quote is not the article's text at its span"
    assert generated["claims_claim"] == CLAIMS
    assert 1.8 < generated["claims_statement"] / CLAIMS < 2.2
    assert Speaker.objects.filter(aliases__isnull=True).count() == 0
    kinds = set(Contradiction.objects.values_list("kind", flat=True))
    assert kinds == {"opposing", "reversal", "discrepancy"}
    sample = Statement.objects.select_related("article").order_by("id")[:50]
    for statement in sample:
        assert statement.article.body[statement.start : statement.end] == statement.quote
        assert unicodedata.is_normalized("NFC", statement.article.body)
    # Sequences continue after the generated ids: the API can still create rows.
    assert Claim.objects.create(speaker_id=1, topic_id=1, stance="neutral", summary="New.").id > CLAIMS


# Each main query and the index that should serve it (the first query of the request).
INTENDED = [
    ("claims list", lambda c: f"{V1}/claims/", ["claims_claim_pkey"]),
    ("deep cursor", lambda c: f"{V1}/claims/?cursor={cursor_at(c['deep'])}", ["claims_claim_pkey", "id <"]),
    ("claims by speaker", lambda c: f"{V1}/claims/?speaker={c['speaker']}", ["claim_speaker_id"]),
    ("claims by topic", lambda c: f"{V1}/claims/?topic={c['topic']}", ["claim_topic_id"]),
    # By its id, from either index that holds it with the status the public sees.
    ("claim detail", lambda c: f"{V1}/claims/{c['claim']}/", [("claims_claim_pkey", "claim_status_id")]),
    # Any index that leads with the claim reads only its statements (there are four).
    (
        "attribution",
        lambda c: f"{V1}/claims/{c['claim']}/attribution/",
        [
            (
                "statement_claim_id",
                "statement_unique_per_claim_span",
                "statement_claim_outlet",
                "claims_statement_claim_id_",
            )
        ],
    ),
    (
        "claim contradictions",
        lambda c: f"{V1}/claims/{c['contested']}/contradictions/",
        ["contradiction_claim_a_id", "contradiction_claim_b_id"],
    ),
    # The speaker's claims from their index, then their contradictions (at this size the planner
    # may read the 150 contradictions whole rather than through contradiction_claim_a_id/_b_id).
    (
        "contradictions by speaker",
        lambda c: f"{V1}/contradictions/?speaker={c['speaker']}",
        ["claim_speaker_id", "Index Cond: (speaker_id = "],
    ),
    ("statements list", lambda c: f"{V1}/statements/", ["claims_statement_pkey"]),
    # The statement's copy of its claim's speaker, newest first from its index: no join, no sort.
    ("statements by speaker", lambda c: f"{V1}/statements/?speaker={c['speaker']}", ["statement_speaker_id"]),
    # An outlet's statements by their copy of the article's outlet, not through the articles:
    # from its index at scale; here, one outlet in five, walking and testing it is as cheap.
    (
        "statements by outlet",
        lambda c: f"{V1}/statements/?outlet={c['outlet']}",
        [("statement_outlet_id", "AND (outlet_id = ")],
    ),
    # A claim's statements in that outlet, one look-up each, while the claims are walked.
    ("claims by outlet", lambda c: f"{V1}/claims/?outlet={c['outlet']}", ["statement_claim_outlet"]),
    # The review queue (a fact-checker's): a rare status is looked up, not searched for.
    ("statements by status", lambda c: f"{V1}/statements/?status=rejected", ["statement_status_id"]),
    # An outlet's links by its (outlet, statement) index, or here, where one link in five is the
    # outlet's, as cheaply by a walk of the chains in page order.
    (
        "statements via",
        lambda c: f"{V1}/statements/?via={c['outlet']}",
        [("via_outlet_statement", "via_unique_position")],
    ),
    ("contradictions list", lambda c: f"{V1}/contradictions/", []),
    # The article's statements in text order: either index on the article reads only its own.
    (
        "article statements",
        lambda c: f"{V1}/articles/{c['article']}/statements/",
        [
            ("statement_article_start", "claims_statement_article_id_"),
        ],
    ),
    # A word found nowhere: each searched field looks it up in its trigram index (speakers and
    # topics, a few hundred rows here, may be read whole).
    (
        "claims search",
        lambda c: f"{V1}/claims/?q=qqzzxx",
        ["claim_summary_trgm", "claim_summary_vi_trgm", "alias_name_trgm"],
    ),
    ("statements search", lambda c: f"{V1}/statements/?q=qqzzxx", ["statement_quote_trgm"]),
    # A quoted phrase found nowhere: the joined indexes (core.text.FoldedContains) in place of
    # the others.
    (
        "claims search of a phrase",
        lambda c: f"{V1}/claims/?q=%22qqzz+xxyy+zzqq%22",
        ["claim_summary_joined_trgm", "claim_summary_vi_joined_trgm", "alias_name_trgm"],
    ),
    (
        "statements search of a phrase",
        lambda c: f"{V1}/statements/?q=%22qqzz+xxyy+zzqq%22",
        ["statement_quote_joined_trgm"],
    ),
    # Articles: the title's trigrams, the body's stored words.
    ("articles search", lambda c: f"{V1}/articles/?q=qqzzxx", ["article_title_trgm", "article_body_words"]),
    (
        "articles search of a phrase",
        lambda c: f"{V1}/articles/?q=%22qqzz+xxyy+zzqq%22",
        ["article_title_joined_trgm", "article_body_words"],
    ),
    # Page-number lists read their page from the index of their ordering instead of sorting.
    ("articles list", lambda c: f"{V1}/articles/", ["article_published_key"]),
    ("articles by title", lambda c: f"{V1}/articles/?ordering=-title", ["article_title_key"]),
    # A language, in the list's order: one no article is in is looked up, not walked for.
    ("articles by language", lambda c: f"{V1}/articles/?language=en", ["article_language_published"]),
    ("speakers list", lambda c: f"{V1}/speakers/?ordering=-name", ["speaker_name_slug"]),
]


def plans(api, path, disabled=("enable_seqscan",)) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path)
    assert response.status_code == 200, response.content
    found = []
    with connection.cursor() as cursor:
        for setting in disabled:
            cursor.execute(f"SET LOCAL {setting} = off")
        for query in queries.captured_queries:
            if not query["sql"].lstrip("(").startswith("SELECT"):  # a union opens with its first arm
                continue  # savepoints around a count in limited time
            cursor.execute("EXPLAIN " + query["sql"])
            found.append("\n".join(row[0] for row in cursor.fetchall()))
    return found


# Read by a fact-checker; the others anonymously, as the public reads them.
FACT_CHECKERS_READ = {"statements by status"}
# On the small generated corpus a walk of the articles in page order, testing each row, costs the
# planner about what the search's indexes do, and it picks either. Without plain index scans only
# the indexes that hold the search's expressions can serve it, which is what these cases check.
WALK_AS_CHEAP = {"articles search", "articles search of a phrase"}


@pytest.mark.parametrize(("name", "path", "indexes"), INTENDED, ids=[case[0] for case in INTENDED])
def test_main_queries_use_their_indexes(api, generated, name, path, indexes):
    if name in FACT_CHECKERS_READ:
        api.force_authenticate(FactCheckerFactory(username="anna"))
    context = {
        "deep": CLAIMS // 10,
        "speaker": Speaker.objects.order_by("id").values_list("slug", flat=True)[20],
        "topic": Topic.objects.order_by("id").values_list("slug", flat=True)[20],
        "claim": CLAIMS // 2,
        "contested": Contradiction.objects.order_by("id").values_list("claim_b", flat=True)[0],
        "article": "bench-000007",
        "outlet": StatementVia.objects.exclude(outlet=None).values_list("outlet__slug", flat=True).first(),
    }
    disabled = ("enable_seqscan", "enable_indexscan") if name in WALK_AS_CHEAP else ("enable_seqscan",)
    found = "\n\n".join(plans(api, path(context), disabled))
    for index in indexes:
        alternatives = index if isinstance(index, tuple) else (index,)
        assert any(candidate in found for candidate in alternatives), (
            f"{name}: {index} not in the plans\n{found}"
        )
    # Nothing scans a whole big table (nor walks one in full through its primary key, unfiltered).
    for table in ("claims_claim", "claims_statement"):
        assert f"Seq Scan on {table} " not in found, found


def walk(api, path: str, key: str = "next") -> list[int]:
    ids: list[int] = []
    url: str | None = path
    while url:
        page = api.get(url).json()
        ids += [row["id"] for row in page["results"]]
        url = page[key]
    return ids


@pytest.mark.parametrize(
    "params",
    [
        {"q": "dam phan"},
        {"q": '"dam phan"'},
        {"q": "hiệp ước", "stance": "supports"},
        {"q": "nguyen"},
        {"q": "dam phan", "stance": "opposes", "has_contradictions": "false", "outlet": "reuters"},
        {"q": "an ninh", "has_contradictions": "true"},
    ],
    ids=["common", "phrase", "with-another-filter", "speaker-name", "with-three-filters", "contested"],
)
def test_search_pages_are_the_plain_search(api, generated, params):
    """Anonymous, as the public reads: over verified claims, through verified statements, by
    published contradictions."""
    others = {k: v for k, v in params.items() if k not in ("q", "has_contradictions", "outlet")}
    expected = Claim.objects.filter(search_claims(params["q"]), status="verified", **others)
    if "outlet" in params:
        reported = Statement.objects.filter(status="verified", article__outlet__slug=params["outlet"])
        expected = expected.filter(id__in=reported.values("claim_id"))
    if "has_contradictions" in params:
        # From the contradictions themselves, not the count kept on the claim.
        published = Contradiction.objects.filter(
            Q(statement_a=None) | Q(statement_a__status="verified", statement_b__status="verified"),
            status="confirmed", claim_a__status="verified", claim_b__status="verified",
        )  # fmt: skip
        involved = Exists(published.filter(Q(claim_a=OuterRef("pk")) | Q(claim_b=OuterRef("pk"))))
        expected = expected.filter(involved if params["has_contradictions"] == "true" else ~involved)
    expected_ids = list(expected.order_by("-id").values_list("id", flat=True))
    assert len(expected_ids) > 7, "the search should find more than a page"
    query = urlencode(params)
    forwards = walk(api, f"{V1}/claims/?{query}&page_size=7")
    assert forwards == expected_ids
    # And back again from the last page, through `previous` links.
    last = api.get(f"{V1}/claims/?{query}&page_size=7&cursor={cursor_at(expected_ids[-1] + 1)}").json()
    assert last["results"][-1]["id"] == expected_ids[-1]
    backwards = walk(api, last["previous"], "previous") if last["previous"] else []
    assert sorted(backwards + [r["id"] for r in last["results"]], reverse=True) == expected_ids


def via_slugs() -> dict[str, str]:
    """The most and least relayed outlet and speaker of the chains."""
    outlets = StatementVia.objects.exclude(outlet=None).values("outlet__slug").annotate(n=Count("id"))
    speakers = StatementVia.objects.exclude(speaker=None).values("speaker__slug").annotate(n=Count("id"))
    return {
        "busy outlet": outlets.order_by("-n", "outlet__slug")[0]["outlet__slug"],
        "quiet outlet": outlets.order_by("n", "outlet__slug")[0]["outlet__slug"],
        "busy speaker": speakers.order_by("-n", "speaker__slug")[0]["speaker__slug"],
        "quiet speaker": speakers.order_by("n", "speaker__slug")[0]["speaker__slug"],
    }


@pytest.mark.parametrize("which", ["busy outlet", "quiet outlet", "busy speaker", "quiet speaker", "none"])
@pytest.mark.parametrize("extra", [{}, {"mode": "indirect"}], ids=["alone", "with-mode"])
def test_via_pages_are_the_plain_filter(api, generated, which, extra):
    slug = via_slugs().get(which, "nobody")
    # A chain that names one outlet twice: its statement must come once, and not push another out.
    statement = Statement.objects.filter(via__outlet__slug=slug, mode="indirect").order_by("-id").first()
    if statement is not None:
        link = statement.via.exclude(outlet=None).first()
        StatementVia.objects.create(statement=statement, position=99, outlet=link.outlet)
    links = StatementVia.objects.filter(Q(outlet__slug=slug) | Q(speaker__slug=slug))
    published = Statement.objects.filter(status="verified", claim__status="verified")  # read anonymously
    expected = list(
        published.filter(id__in=links.values("statement_id"), **extra)
        .order_by("-id")
        .values_list("id", flat=True)
    )
    query = urlencode({"via": slug, **extra, "page_size": 7})
    assert walk(api, f"{V1}/statements/?{query}") == expected
    if which != "none":
        assert len(expected) > 7, "the filter should find more than a page"


@pytest.mark.parametrize("path", ["/claims/?page_size=20", "/statements/", "/contradictions/", "/speakers/"])
def test_orjson_renderer_writes_what_drf_writes(api, generated, path):
    data = api.get(f"{V1}{path}").json()
    assert ORJSONRenderer().render(data) == JSONRenderer().render(data)


def most_quoted_speaker() -> str:
    return Claim.objects.values("speaker__slug").annotate(n=Count("id")).order_by("-n")[0]["speaker__slug"]


@pytest.mark.parametrize(
    "page, path, query",
    [
        # The most prolific speaker: a full page, with more to come.
        ("claims_page", "/claims/", lambda: {"speaker": most_quoted_speaker()}),
        ("articles_page", "/articles/", lambda: {"ordering": "published_on"}),
        ("articles_page", "/articles/", lambda: {"ordering": "-published_on"}),
    ],
)
def test_bench_floors_serve_the_api_page(api, generated, page, path, query):
    """`bench --floors` compares the API with its page served by bare views: the same page."""
    from django.test import RequestFactory

    from perf.bench import floors

    params = query()
    expected = api.get(f"{V1}{path}", params).json()["results"]
    assert len(expected) == 20
    request = RequestFactory().get("/", params)
    served = getattr(floors, page)
    assert orjson.loads(floors.django_view(served)(request).content)["results"] == expected
    drf = floors.drf_view(served)(request).render()
    assert orjson.loads(drf.content)["results"] == expected


def test_bench_floor_paths_follow_their_endpoints():
    """Each floor line requests its endpoint's query strings, in order, under its own path."""
    from perf.bench import floors

    api = {"claims_by_speaker": [f"{V1}/claims/?speaker=a", f"{V1}/claims/?speaker=b"],
           "articles_list": [f"{V1}/articles/", f"{V1}/articles/?ordering=-published_on"]}  # fmt: skip
    paths = floors.endpoints(api)
    assert paths["floor_drf_apiview"] == [
        "/bench-floor/floor_drf_apiview/?speaker=a", "/bench-floor/floor_drf_apiview/?speaker=b",
    ]  # fmt: skip
    assert paths["floor_articles_django_view"] == [
        "/bench-floor/floor_articles_django_view/?", "/bench-floor/floor_articles_django_view/?ordering=-published_on",
    ]  # fmt: skip


def substance(body: dict) -> dict | list:
    """A response with each statement's claim and article as their id and key: the textbook
    peer names their text by the model's field (`summary`, `title`), the API as `name`."""

    def statement(row: dict | None) -> dict | None:
        return row and {**row, "claim": row["claim"]["id"], "article": row["article"]["key"]}

    if "outlets" in body:  # an attribution
        return {**body, "first_appearance": statement(body["first_appearance"]),
                "statements": [statement(row) for row in body["statements"]]}  # fmt: skip
    rows = body.get("results", [body])
    return [statement(row) if "quote" in row else row for row in rows]


def test_bench_peers_give_the_records_of_their_endpoints(api, generated):
    """`bench --peers` times each endpoint beside its textbook peer: for every request the bench
    makes, the peer gives the same records in the same order, with the same fields. A cursor's
    peer is the page-number page holding the cursor's row; it is compared with the API's page
    that starts where it starts."""
    from django.test import override_settings

    from perf.bench.endpoints import endpoints
    from perf.bench.peers import PAGE_SIZE, peer_path, records

    assert PAGE_SIZE == 20  # the API's default page size, cursor lists included
    with override_settings(ROOT_URLCONF="perf.bench.urls"):
        for name, paths in endpoints().items():
            found = 0
            for path in paths:
                peer = api.get(peer_path(path))
                assert peer.status_code == 200, (name, path)
                given = records(peer.json())
                if "cursor=" in path:
                    assert records(api.get(path).json())[0] in given, (name, path)
                    path = f"{path.split('?')[0]}?cursor={cursor_at(given[0] + 1)}"
                expected = api.get(path).json()
                assert given == records(expected), (name, path)
                found += bool(given)
                # A contradiction's peer nests its two claims and statements as `claim_a`, `claim_b`,
                # `statement_a` and `statement_b`, where the API lists them: its records are compared.
                if name != "contradictions_list":
                    assert substance(peer.json()) == substance(expected), (name, path)
            assert found, f"{name}: every page is empty"


def test_bench_peer_paths_name_a_total_order():
    """DRF's OrderingFilter orders by the fields asked for only: the peer asks for the API's tie-break."""
    from perf.bench.peers import peer_path

    assert (
        peer_path(f"{V1}/articles/?ordering=-published_on")
        == "/peers/articles/?ordering=-published_on%2C-key"
    )
    assert peer_path(f"{V1}/speakers/?ordering=name") == "/peers/speakers/?ordering=name%2Cslug"
    assert peer_path(f"{V1}/claims/12/attribution/") == "/peers/claims/12/attribution/"
    assert peer_path(f"{V1}/claims/?q=hi%E1%BB%87p") == "/peers/claims/?q=hi%E1%BB%87p"


INDEXES = """
    SELECT t.relname, ix.relname, i.indisunique, i.indpred IS NOT NULL, i.indexprs IS NOT NULL,
           am.amname, ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n)
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_class ix ON ix.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ix.relam
    JOIN pg_namespace ns ON ns.oid = t.relnamespace AND ns.nspname = current_schema()
    WHERE t.relname ~ '^(claims|sources)_' AND t.relname !~ '_historical'
"""
FOREIGN_KEYS = """
    SELECT t.relname, a.attname
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND t.relname ~ '^(claims|sources)_' AND t.relname !~ '_historical'
"""


@pytest.mark.django_db
def test_every_foreign_key_leads_an_index_and_no_index_repeats_another():
    with connection.cursor() as cursor:
        cursor.execute(INDEXES)
        indexes = cursor.fetchall()
        cursor.execute(FOREIGN_KEYS)
        foreign_keys = cursor.fetchall()
    plain = [
        (table, name, columns)
        for table, name, unique, partial, expressions, method, columns in indexes
        if method == "btree" and not partial and not expressions
    ]
    # Deleting a speaker, topic, claim or article checks its rows by these columns.
    uncovered = [fk for fk in foreign_keys if not any(t == fk[0] and c[0] == fk[1] for t, _, c in plain)]
    assert uncovered == []
    # A non-unique index whose columns begin another index's is that index's duplicate.
    unique = {name for table, name, is_unique, *_ in indexes if is_unique}
    repeated = [
        (name, other)
        for table, name, columns in plain
        for other_table, other, other_columns in plain
        if table == other_table and name != other and name not in unique
        and other_columns[: len(columns)] == columns and (len(other_columns) > len(columns) or name > other)
    ]  # fmt: skip
    assert repeated == []


@pytest.mark.parametrize(
    ("model", "sortable"),
    [(Claim, 5), (Statement, 6), (Contradiction, 8), (Verdict, 5)],
    ids=lambda value: value.__name__ if isinstance(value, type) else str(value),
)
def test_admin_lists_sorted_by_any_column_read_the_page_in_index_order(api, generated, model, sortable):
    # Sorted by a column without an index in that order, or with ties broken the other way
    # (Django's "-pk"), PostgreSQL sorted the whole table: 0.6-1.8 s a page at 1M claims.
    # With sorting disabled, a plan that still sorts has no other way to give the order.
    model_admin = admin.site.get_model_admin(model)
    changelist = reverse(f"admin:claims_{model._meta.model_name}_changelist")
    api.force_login(FactCheckerFactory(username="anna", is_staff=True))
    table = model._meta.db_table
    unique = {f"{table}.{field.attname}" for field in model._meta.fields if field.unique}
    checked = 0
    for column in range(1, len(model_admin.list_display) + 1):
        for order in (str(column), f"-{column}"):
            cl = api.get(changelist, {"o": order}).context["cl"]
            if not cl.get_ordering_field(cl.list_display[column]):
                continue  # not a sortable column
            pages = [
                plan
                for plan in plans(api, f"{changelist}?o={order}", ("enable_seqscan", "enable_sort"))
                if plan.startswith("Limit") and f" on {table} " in plan
            ]
            assert pages, f"o={order}: the page was not read"
            # Sorting rows within runs of a joined row's order (a speaker's claims, by name) or of
            # a unique column is bounded; within runs of another of the list's own columns it
            # would sort most of the table.
            sorts = [
                line
                for line in pages[0].splitlines()
                if ("Sort  (" in line and "Incremental" not in line)
                or (f"Presorted Key: {table}." in line and line.split(": ")[1] not in unique)
            ]
            assert not sorts, f"{model.__name__} sorted by column {order}:\n{pages[0]}"
            checked += 1
    assert checked == 2 * sortable


@pytest.mark.parametrize(
    ("path", "indexes", "table"),
    [
        ("/admin/claims/claim/?q=qqzzxx", ["claim_summary_trgm", "claim_summary_vi_trgm"], "claims_claim"),
        (
            "/admin/claims/statement/?q=qqzzxx",
            ["statement_quote_trgm", "claim_summary_trgm"],
            "claims_statement",
        ),
    ],
    ids=["claims", "statements"],
)
def test_admin_search_reads_each_field_from_its_index(api, generated, path, indexes, table):
    # OR-ed across joins, the fields were folded row by row: 100 s for claims at 1M.
    api.force_login(FactCheckerFactory(username="anna", is_staff=True))
    found = "\n\n".join(plans(api, path))
    for index in indexes:
        assert index in found, found
    assert f"Seq Scan on {table} " not in found, found


@pytest.mark.parametrize(
    ("path", "table"),
    [
        ("/admin/claims/claim/?q=dam+phan", "claims_claim"),
        ("/admin/claims/statement/?q=dam+phan", "claims_statement"),
    ],
    ids=["claims", "statements"],
)
def test_admin_search_walks_the_list_in_order_for_common_words(api, generated, path, table):
    # Collected from the indexes, a common word's rows would all be read, for the page and its count.
    api.force_login(FactCheckerFactory(username="anna", is_staff=True))
    pages = [plan for plan in plans(api, path) if plan.startswith("Limit") and table in plan]
    assert pages, "the page was not read"
    for plan in pages:
        assert f"Index Scan Backward using {table}_pkey on {table}" in plan, plan
        assert "UNION" not in plan and "HashAggregate" not in plan, plan


def test_machine_speed_times_python_and_a_round_trip(db):
    connection.ensure_connection()
    speed = machine_speed(connection.connection)
    assert set(speed) == {"python_us", "select_1_ms"}
    # A thousand dicts take microseconds and a local round trip well under a second: a figure
    # in the wrong unit, or a round trip not made, falls outside.
    assert 10 < speed["python_us"] < 1_000_000
    assert 0.001 < speed["select_1_ms"] < 1_000
