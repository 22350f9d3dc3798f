#!/usr/bin/env python3
"""Create speakers, claims and statements from a CSV; report the rows that fail and carry on.

    python scripts/import_claims.py --base-url http://127.0.0.1:8000 --token KEY scripts/examples/claims.csv

Columns (header row required): speaker, speaker_name, speaker_kind, speaker_aliases
(separated by `|`), topic, topic_name, stance, summary, summary_vi, event, said_on, key,
article, quote, mode, via (separated by `>`, nearest to the article first: an outlet slug, or
`speaker:<slug>`). A missing speaker is created from the speaker_* columns, a missing topic
from topic_name.
A row whose `key` is already a claim is skipped, so an import can be run again safely.
Exit status: 0 when every row was imported or skipped, 1 when some failed.

Built on the client generated from the OpenAPI schema and its helpers (`make client`).
"""

import argparse
import csv
import datetime as dt
import os
import sys
from collections.abc import Sequence
from enum import Enum
from typing import TypeVar

from _client import connect, explain
from summit_client import AuthenticatedClient
from summit_client.api.claims import claims_create, claims_destroy, claims_list
from summit_client.api.speakers import speakers_create, speakers_retrieve
from summit_client.api.statements import statements_create
from summit_client.api.topics import topics_create, topics_retrieve
from summit_client.models import (
    Claim,
    ClaimRequest,
    Error,
    Speaker,
    SpeakerKindEnum,
    SpeakerRequest,
    SpeechModeEnum,
    StanceEnum,
    Statement,
    StatementRequest,
    Topic,
    TopicRequest,
    ViaRequest,
)
from summit_client.types import UNSET, Unset

Choice = TypeVar("Choice", bound=Enum)
Row = dict[str, str]


class RowError(Exception):
    pass


def choice(enum: type[Choice], value: str, column: str) -> Choice:
    try:
        return enum(value.strip())
    except ValueError:
        raise RowError(f"{column}: {value!r} is not one of {[e.value for e in enum]}") from None


def ensure_speaker(client: AuthenticatedClient, row: Row, known: set[str]) -> None:
    slug = row["speaker"].strip()
    if not slug:
        raise RowError("speaker: required")
    if slug in known or isinstance(speakers_retrieve.sync(slug, client=client), Speaker):
        known.add(slug)
        return
    aliases = [a.strip() for a in (row.get("speaker_aliases") or "").split("|") if a.strip()]
    request = SpeakerRequest(
        slug=slug,
        name=(row.get("speaker_name") or slug).strip(),
        kind=choice(SpeakerKindEnum, row.get("speaker_kind") or "person", "speaker_kind"),
        aliases=aliases,
    )
    result = speakers_create.sync(client=client, body=request)
    if isinstance(result, Error):
        raise RowError(f"speaker {slug}: {explain(result)}")
    known.add(slug)


def ensure_topic(client: AuthenticatedClient, row: Row, known: set[str]) -> None:
    slug = (row.get("topic") or "").strip()
    if not slug or f"topic:{slug}" in known or isinstance(topics_retrieve.sync(slug, client=client), Topic):
        known.add(f"topic:{slug}")
        return
    name = (row.get("topic_name") or "").strip()
    if not name:
        raise RowError(f"topic: {slug!r} does not exist and no topic_name is given to create it")
    result = topics_create.sync(client=client, body=TopicRequest(slug=slug, name=name))
    if isinstance(result, Error):
        raise RowError(f"topic {slug}: {explain(result)}")
    known.add(f"topic:{slug}")


def claim_exists(client: AuthenticatedClient, key: str) -> bool:
    page = claims_list.sync(client=client, key=key)
    if isinstance(page, Error):  # a 503, say: not knowing is not "absent"
        raise RowError(f"claim {key}: could not check whether it exists: {explain(page)}")
    return bool(page and page.results)


def via_request(item: str) -> ViaRequest:
    if item.startswith("speaker:"):
        return ViaRequest(speaker=item.removeprefix("speaker:"))
    return ViaRequest(outlet=item.removeprefix("outlet:"))


def import_row(client: AuthenticatedClient, row: Row, known: set[str]) -> str:
    key = (row.get("key") or "").strip()
    ensure_speaker(client, row, known)
    ensure_topic(client, row, known)
    said_on = (row.get("said_on") or "").strip()
    try:
        said: dt.date | Unset = dt.date.fromisoformat(said_on) if said_on else UNSET
    except ValueError:
        raise RowError(f"said_on: {said_on!r} is not a date (YYYY-MM-DD)") from None
    claim_request = ClaimRequest(
        speaker=row["speaker"].strip(),
        topic=(row.get("topic") or "").strip(),
        stance=choice(StanceEnum, row.get("stance") or "", "stance"),
        summary=(row.get("summary") or "").strip(),
        summary_vi=(row.get("summary_vi") or "").strip() or UNSET,
        event=(row.get("event") or "").strip() or UNSET,
        said_on=said,
        key=key or UNSET,
    )
    claim = claims_create.sync(client=client, body=claim_request)
    if isinstance(claim, Error):
        raise RowError(f"claim: {explain(claim)}")
    assert isinstance(claim, Claim)
    if not (row.get("article") or "").strip():
        return f"claim {claim.id}"
    via = [v.strip() for v in (row.get("via") or "").split(">") if v.strip()]
    statement_request = StatementRequest(
        claim=claim.id,
        article=row["article"].strip(),
        quote=row.get("quote") or "",
        mode=choice(SpeechModeEnum, row.get("mode") or "indirect", "mode"),
        via=[via_request(item) for item in via],
    )
    statement = statements_create.sync(client=client, body=statement_request)
    if isinstance(statement, Error):
        # A row is all or nothing: withdraw the claim created for it (its history keeps the trace).
        withdrawn = claims_destroy.sync_detailed(claim.id, client=client).status_code == 204
        note = "the row's claim was withdrawn" if withdrawn else f"claim {claim.id} was created and remains"
        raise RowError(f"statement: {explain(statement)} ({note})")
    assert isinstance(statement, Statement)
    return f"claim {claim.id}, statement {statement.id} at {statement.start}:{statement.end}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("csv_file", type=argparse.FileType(encoding="utf-8-sig"))
    parser.add_argument("--base-url", default=os.environ.get("SUMMIT_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--token", default=os.environ.get("SUMMIT_TOKEN"), help="A fact-checker's API token.")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("a fact-checker token is required (--token or SUMMIT_TOKEN)")

    client = connect(args.base_url, args.token)
    imported = skipped = failed = 0
    known: set[str] = set()  # speakers and topics seen to exist
    for line, row in enumerate(csv.DictReader(args.csv_file), start=2):
        key = (row.get("key") or "").strip()
        try:
            if key and claim_exists(client, key):
                skipped += 1
                print(f"row {line}: skipped, claim {key} already exists")
                continue
            print(f"row {line}: imported {import_row(client, row, known)}")
            imported += 1
        except RowError as exc:
            failed += 1
            print(f"row {line}: FAILED {exc}", file=sys.stderr)
    print(f"{imported} imported, {skipped} skipped, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
