"""The CSV exports: what a spreadsheet or a script reads, checked against the API's own lists."""

import csv
import datetime as dt
import io

import pytest

from claims.choices import Rating
from claims.models import Verdict
from core.api import csv_export
from tests.factories import ArticleFactory, ClaimFactory, StatementFactory

V1 = "/api/v1"


def exported(api, path, **params) -> list[dict]:
    response = api.get(f"{V1}{path}", params)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets read the file as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def listed(api, path, **params) -> list[dict]:
    found, url = [], f"{V1}{path}"
    while url:
        page = api.get(url, params).json()
        found += page["results"]
        url, params = page["next"], {}
    return sorted(found, key=lambda item: item["id"])


def names(ref: dict | None) -> str:
    return "" if ref is None else ref.get("slug") or ref.get("key") or ""


def test_statements_export_says_what_the_list_says(api, corpus):
    undated = ArticleFactory(
        key="002_undated", outlet=None, published_on=None, body="Không rõ ngày. Mỹ sẽ đáp trả."
    )
    StatementFactory(claim=corpus["claims"][1], article=undated, quote="Mỹ sẽ đáp trả", mode="indirect")

    rows = exported(api, "/statements/export/")
    statements = listed(api, "/statements/")
    published = {a.key: a.published_on for a in (*corpus["articles"], undated)}

    assert [int(row["id"]) for row in rows] == [s["id"] for s in statements]
    for row, statement in zip(rows, statements, strict=True):
        chain = " > ".join((link["outlet"] or link["speaker"])["name"] for link in statement["via"])
        assert row == {
            "id": str(statement["id"]),
            "claim": str(statement["claim"]["id"]),
            "speaker": statement["speaker"]["slug"],
            "article": statement["article"]["key"],
            "outlet": names(statement["outlet"]),
            "published_on": str(published[statement["article"]["key"]] or ""),
            "quote": statement["quote"],
            "start": str(statement["start"]),
            "end": str(statement["end"]),
            "mode": statement["mode"],
            "via": chain,
            "status": statement["status"],
        }
    assert {row["via"] for row in rows} == {"", "Kremlin > TASS"}  # a speaker, then an outlet


def test_claims_export_says_what_the_list_says(api, corpus):
    demand = corpus["claims"][0]
    Verdict.objects.create(
        claim=demand, rating=Rating.MIXTURE, textual_rating="Nửa đúng", reviewed_on=dt.date(2021, 12, 10),
        published=True,
    )  # fmt: skip

    rows = exported(api, "/claims/export/")
    claims = listed(api, "/claims/")

    assert [int(row["id"]) for row in rows] == [c["id"] for c in claims]
    for row, claim in zip(rows, claims, strict=True):
        verdict = claim["verdict"] or {}
        assert row == {
            "id": str(claim["id"]),
            "key": claim["key"],
            "speaker": claim["speaker"]["slug"],
            "topic": claim["topic"]["slug"],
            "stance": claim["stance"],
            "summary": claim["summary"],
            "summary_vi": claim["summary_vi"],
            "event": names(claim["event"]),
            "said_on": claim["said_on"] or "",
            "status": claim["status"],
            "rating": verdict.get("rating", ""),
            "textual_rating": verdict.get("textual_rating", ""),
        }
    assert [row["textual_rating"] for row in rows if row["key"] == demand.key] == ["Nửa đúng"]


@pytest.mark.parametrize("path", ["/claims/export/", "/statements/export/"])
def test_exports_keep_the_lists_filters(api, corpus, path):
    rows = exported(api, path, speaker="vladimir-putin")
    expected = listed(api, path.removesuffix("export/"), speaker="vladimir-putin")
    assert [int(row["id"]) for row in rows] == [item["id"] for item in expected] != []


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2 điểm", "@SUM(A1)", "\tx"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_starts_with_a_quote(api, corpus, text):
    claim = ClaimFactory(summary=text)
    (row,) = [row for row in exported(api, "/claims/export/") if row["id"] == str(claim.id)]
    assert row["summary"] == "'" + text


def test_a_long_export_streams_in_pieces_without_losing_or_repeating_a_row(api, corpus, monkeypatch):
    monkeypatch.setattr(csv_export, "ROWS_PER_PIECE", 2)
    made = [ClaimFactory().id for _ in range(5)]
    response = api.get(f"{V1}/claims/export/")
    pieces = list(response.streaming_content)
    lines = b"".join(pieces).decode("utf-8-sig").splitlines()

    assert len(pieces) == 1 + 4  # the header, then 8 claims two at a time
    assert lines[0].startswith("id,key,")
    ids = [int(line.split(",", 1)[0]) for line in lines[1:]]
    assert ids == sorted(ids) and len(ids) == len(set(ids)) == 8 and set(made) < set(ids)


@pytest.mark.parametrize(
    ("term", "keys"),
    [
        ("nato", {"putin-legal-guarantees", "biden-opposes-guarantees"}),
        ("ong putin", {"putin-legal-guarantees"}),
        ("mo rong", {"putin-legal-guarantees", "biden-opposes-guarantees"}),
        ("biden-sanctions", {"biden-sanctions"}),
        ("qqzzxx", set()),
    ],
    ids=["summary", "alias", "topic-in-vietnamese", "key", "nowhere"],
)
def test_a_searched_export_has_every_match(api, corpus, term, keys):
    # The same search as the list's `q` (claims.selectors.search_claims).
    assert {row["key"] for row in exported(api, "/claims/export/", q=term)} == keys
