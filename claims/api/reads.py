"""Read representations built from `values()` rows, for the endpoints pages call most.

They give the JSON the serializers give (the serializers stay the definition, for writes and
the schema; tests/api/test_row_representations.py compares both) without a model instance
and a round of serializer fields per row: on a 20-row page those took 6-12 ms where the SQL
took 1.5-4 ms (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from claims.api.querysets import ALIAS_NAMES
from claims.models import Claim, Contradiction, Speaker, Statement, StatementVia, Verdict
from summit.api.lookups import ByIds
from summit.api.rows import Row, day, ids, ref, when

# Claims ------------------------------------------------------------------------------------

CLAIM_FIELDS = (
    "id", "key", "speaker__slug", "speaker__name", "topic__slug", "topic__name", "stance", "summary",
    "summary_vi", "event__slug", "event__name", "said_on", "status", "created_at", "updated_at",
)  # fmt: skip
VERDICT_FIELDS = (
    "claim_id", "rating", "textual_rating", "explanation", "reviewer__username", "reviewed_on", "updated_at",
)  # fmt: skip


VERDICTS = ByIds(Verdict, "claim", VERDICT_FIELDS)


CLAIMS_BY_ID = ByIds(Claim, "id", CLAIM_FIELDS)


def claim_row(pk) -> Row | None:
    """The claim `pk` (as a URL gives it) as a row, or None when there is no such claim."""
    # ASCII digits only: int() would also take "1_0", " 10" or other scripts' digits.
    if not (isinstance(pk, str) and pk.isascii() and pk.isdigit()):
        return None
    found = int(pk)
    rows = CLAIMS_BY_ID.rows([found]) if 0 < found < 2**63 else []
    return rows[0] if rows else None


def claim_rows():
    """Every claim as the rows `claims()` represents, to filter and order."""
    return CLAIM_ROWS.all()


def verdict(row: Row, zone) -> dict:
    return {
        "rating": row["rating"],
        "textual_rating": row["textual_rating"],
        "explanation": row["explanation"],
        "reviewer": row["reviewer__username"],
        "reviewed_on": day(row["reviewed_on"]),
        "updated_at": when(row["updated_at"], zone),
    }


def claims(rows: Sequence[Row]) -> list[dict]:
    """The claims of `rows` (from `claim_rows`) as `ClaimSerializer` writes them; their verdicts
    in a query of their own (joined, the verdict and its reviewer doubled the planning time)."""
    zone = timezone.get_current_timezone()
    by_claim = {v["claim_id"]: verdict(v, zone) for v in VERDICTS.rows(ids(rows))}
    return [
        {
            "id": row["id"],
            "key": row["key"],
            "speaker": ref(row["speaker__slug"], row["speaker__name"]),
            "topic": ref(row["topic__slug"], row["topic__name"]),
            "stance": row["stance"],
            "summary": row["summary"],
            "summary_vi": row["summary_vi"],
            "event": ref(row["event__slug"], row["event__name"]),
            "said_on": day(row["said_on"]),
            "status": row["status"],
            "verdict": by_claim.get(row["id"]),
            "created_at": when(row["created_at"], zone),
            "updated_at": when(row["updated_at"], zone),
        }
        for row in rows
    ]


# Statements --------------------------------------------------------------------------------

STATEMENT_FIELDS = (
    "id", "quote", "start", "end", "mode", "claim__speaker__slug", "claim__speaker__name", "article__key",
    "article__title", "article__outlet__slug", "article__outlet__name", "claim_id", "claim__summary", "status",
    "note", "created_at", "updated_at", "article__published_on",
)  # fmt: skip
VIA_FIELDS = ("statement_id", "outlet__slug", "outlet__name", "speaker__slug", "speaker__name")
CHAINS = ByIds(StatementVia, "statement", VIA_FIELDS, order_by=("statement_id", "position"))
# A claim's statements in the order of its attribution, compiled once (ids vary, the SQL does not).
STATEMENTS_OF_CLAIMS = ByIds(
    Statement, "claim", STATEMENT_FIELDS, order_by=("article__published_on", "article__key", "start", "id")
)


def statement_rows():
    """Every statement as the rows `statements()` represents, to filter and order."""
    return STATEMENT_ROWS.all()


def statements(rows: Sequence[Row], published_on: bool = False) -> list[dict]:
    """The statements of `rows` as `StatementSerializer` writes them (with `published_on`, as
    the attribution writes them); their chains of intermediaries in one query."""
    chains: dict[int, list[dict]] = {row["id"]: [] for row in rows}
    for link in CHAINS.rows(list(chains)):
        chains[link["statement_id"]].append(
            {
                "outlet": ref(link["outlet__slug"], link["outlet__name"]),
                "speaker": ref(link["speaker__slug"], link["speaker__name"]),
            }
        )
    zone = timezone.get_current_timezone()
    represented = []
    for row in rows:
        statement = {
            "id": row["id"],
            "quote": row["quote"],
            "start": row["start"],
            "end": row["end"],
            "mode": row["mode"],
            "via": chains[row["id"]],
            "speaker": ref(row["claim__speaker__slug"], row["claim__speaker__name"]),
            "article": ref(row["article__key"], row["article__title"], "key"),
            "outlet": ref(row["article__outlet__slug"], row["article__outlet__name"]),
            "claim": ref(row["claim_id"], row["claim__summary"], "id"),
            "status": row["status"],
            "note": row["note"],
            "created_at": when(row["created_at"], zone),
            "updated_at": when(row["updated_at"], zone),
        }
        if published_on:
            statement["published_on"] = day(row["article__published_on"])
        represented.append(statement)
    return represented


def attribution(claim: Row) -> dict:
    """Where the claim `claim` (a `claim_rows` row) appeared, as `AttributionSerializer` writes it.

    The order is `claims.services.attribution`'s: by publication date (undated last), then
    article and position; the outlets are the distinct ones in that order.
    """
    found = statements(STATEMENTS_OF_CLAIMS.rows([claim["id"]]), published_on=True)
    outlets: dict[str, dict] = {}
    for statement in found:
        outlet = statement["outlet"]
        if outlet is not None and outlet["slug"] not in outlets:
            outlets[outlet["slug"]] = dict(outlet)
    return {
        "claim": claims([claim])[0],
        "first_appearance": found[0] if found else None,
        "outlets": list(outlets.values()),
        "statements": found,
    }


# Speakers ----------------------------------------------------------------------------------

SPEAKER_FIELDS = (
    "slug", "name", "kind", "role", "country", "affiliation__slug", "affiliation__name", "outlet__slug",
    "outlet__name", "wikidata_id",
)  # fmt: skip


def speaker_rows():
    """Every speaker as the rows `speakers()` represents, to filter and order."""
    return SPEAKER_ROWS.all()


def speakers(rows: Sequence[Row]) -> list[dict]:
    """The speakers of `rows` as `SpeakerSerializer` writes them."""
    return [
        {
            "slug": row["slug"],
            "name": row["name"],
            "kind": row["kind"],
            "role": row["role"],
            "country": row["country"],
            "affiliation": ref(row["affiliation__slug"], row["affiliation__name"]),
            "outlet": ref(row["outlet__slug"], row["outlet__name"]),
            "wikidata_id": row["wikidata_id"],
            "aliases": row["alias_names"],
        }
        for row in rows
    ]


# Contradictions ----------------------------------------------------------------------------

CONTRADICTION_FIELDS = (
    "id", "kind", "status", "claim_a_id", "claim_b_id", "statement_a_id", "statement_b_id", "note",
    "detected_by", "reviewed_at", "created_at", "updated_at",
)  # fmt: skip
CLAIM_BRIEF_FIELDS = (
    "id", "speaker__slug", "speaker__name", "topic__slug", "topic__name", "stance", "summary", "status",
)  # fmt: skip
STATEMENT_BRIEF_FIELDS = ("id", "quote", "start", "end", "mode", "article__key", "article__title")
CLAIM_BRIEFS = ByIds(Claim, "id", CLAIM_BRIEF_FIELDS)
STATEMENT_BRIEFS = ByIds(Statement, "id", STATEMENT_BRIEF_FIELDS)


def contradiction_rows():
    """Every contradiction as the rows `contradictions()` represents, to filter and order."""
    return CONTRADICTION_ROWS.all()


def contradictions(rows: Sequence[Row]) -> list[dict]:
    """The contradictions of `rows` as `ContradictionSerializer` writes them: their claims in one
    query, the statements of discrepancies in another."""
    claim_ids = {*ids(rows, "claim_a_id"), *ids(rows, "claim_b_id")}
    statement_ids = {*ids(rows, "statement_a_id"), *ids(rows, "statement_b_id")}
    zone = timezone.get_current_timezone()
    claim_rows = CLAIM_BRIEFS.rows(claim_ids)
    statement_rows = STATEMENT_BRIEFS.rows(statement_ids)
    briefs = {
        c["id"]: {
            "id": c["id"],
            "speaker": ref(c["speaker__slug"], c["speaker__name"]),
            "topic": ref(c["topic__slug"], c["topic__name"]),
            "stance": c["stance"],
            "summary": c["summary"],
            "status": c["status"],
        }
        for c in claim_rows
    }
    quoted = {
        s["id"]: {
            "id": s["id"],
            "quote": s["quote"],
            "start": s["start"],
            "end": s["end"],
            "mode": s["mode"],
            "article": ref(s["article__key"], s["article__title"], "key"),
        }
        for s in statement_rows
    }
    return [
        {
            "id": row["id"],
            "kind": row["kind"],
            "status": row["status"],
            "topic": dict(briefs[row["claim_a_id"]]["topic"]),
            "claims": [briefs[row["claim_a_id"]], briefs[row["claim_b_id"]]],
            "statements": None
            if row["statement_a_id"] is None
            else [quoted[row["statement_a_id"]], quoted[row["statement_b_id"]]],
            "note": row["note"],
            "detected_by": row["detected_by"],
            "reviewed_by": row["reviewer"],
            "reviewed_at": when(row["reviewed_at"], zone),
            "created_at": when(row["created_at"], zone),
            "updated_at": when(row["updated_at"], zone),
        }
        for row in rows
    ]


# The values querysets are built once: resolving their columns' joins (and the reviewer's
# subquery) cost 0.25-0.3 ms a request. `.all()` hands each request its own copy.
CLAIM_ROWS = Claim.objects.values(*CLAIM_FIELDS)
STATEMENT_ROWS = Statement.objects.values(*STATEMENT_FIELDS)
# The aliases as one array per row (see querysets.speakers).
SPEAKER_ROWS = Speaker.objects.values(*SPEAKER_FIELDS, alias_names=ALIAS_NAMES)
# The reviewer's name is a subquery, not a join: the page's COUNT(*) (where one is made) leaves
# an unused annotation out, but keeps every join.
CONTRADICTION_ROWS = Contradiction.objects.values(
    *CONTRADICTION_FIELDS,
    reviewer=Subquery(get_user_model().objects.filter(pk=OuterRef("reviewed_by_id")).values("username")),
)
