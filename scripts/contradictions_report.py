#!/usr/bin/env python3
"""The contradictions of a topic or a speaker, with both sides' quotes and where they were reported.

    python scripts/contradictions_report.py --base-url http://127.0.0.1:8000 --topic nato-expansion
    python scripts/contradictions_report.py --speaker vladimir-putin --status confirmed
    python scripts/contradictions_report.py --token KEY --topic nato-expansion --status suspected

Without a token it reads what the public sees (confirmed contradictions between verified claims);
a fact-checker's token (`--token`, or SUMMIT_TOKEN) reads the review queue too.

Built on the client generated from the OpenAPI schema (`make client`).
"""

import argparse
import os
import sys
from urllib.parse import parse_qs, urlsplit

from _client import connect
from summit_client.api.claims import claims_attribution_retrieve
from summit_client.api.contradictions import contradictions_list
from summit_client.models import Attribution, AttributionStatement, Contradiction, Error
from summit_client.models.contradictions_list_status import ContradictionsListStatus
from summit_client.types import UNSET


def all_contradictions(client, **filters) -> list[Contradiction]:
    found: list[Contradiction] = []
    cursor = UNSET
    while True:
        result = contradictions_list.sync(client=client, cursor=cursor, page_size=100, **filters)
        if isinstance(result, Error) or result is None:
            sys.exit(f"contradictions: {result.detail if result else 'no answer'}")
        found += result.results
        if not result.next_:
            return found
        # Cursor pages: the next page's cursor is in the `next` link.
        cursor = parse_qs(urlsplit(result.next_).query)["cursor"][0]


def source_line(statement: AttributionStatement) -> str:
    chain = [(v.outlet or v.speaker).name for v in statement.via if (v.outlet or v.speaker)]
    outlet = statement.outlet.name if statement.outlet else "unknown outlet"
    date = statement.published_on.isoformat() if statement.published_on else "undated"
    via = f" via {' → '.join(chain)}" if chain else ""
    return f"{outlet}, {date}, {statement.article.key} [{statement.start}:{statement.end}]{via}"


def report_side(client, claim_id: int, label: str, statements_of_interest: set[int]) -> list[str]:
    attribution = claims_attribution_retrieve.sync(claim_id, client=client)
    if not isinstance(attribution, Attribution):
        return [f"  {label}: claim {claim_id} could not be read"]
    claim = attribution.claim
    lines = [f"  {label}: {claim.speaker.name} {claim.stance.value} — {claim.summary}"]
    shown = [
        s for s in attribution.statements if not statements_of_interest or s.id in statements_of_interest
    ]
    for statement in shown:
        lines.append(f"    “{statement.quote}”")
        lines.append(f"      {source_line(statement)}")
    if not shown:
        lines.append("    (no statement)")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default=os.environ.get("SUMMIT_URL", "http://127.0.0.1:8000"))
    scope = parser.add_mutually_exclusive_group(required=True)
    scope.add_argument("--topic", help="Topic slug.")
    scope.add_argument("--speaker", help="Speaker slug.")
    parser.add_argument("--status", choices=[s.value for s in ContradictionsListStatus])
    parser.add_argument("--token", default=os.environ.get("SUMMIT_TOKEN"), help="A fact-checker's API token.")
    args = parser.parse_args(argv)

    client = connect(args.base_url, args.token)
    filters = {
        "topic": args.topic or UNSET,
        "speaker": args.speaker or UNSET,
        "status": ContradictionsListStatus(args.status) if args.status else UNSET,
    }
    contradictions = all_contradictions(client, **filters)
    scope_name = f"topic {args.topic}" if args.topic else f"speaker {args.speaker}"
    print(f"{len(contradictions)} contradiction(s) for {scope_name}")
    for item in contradictions:
        print()
        print(
            f"#{item.id} {item.kind.value} ({item.status.value if item.status else 'suspected'}) — {item.topic.name}"
        )
        # A fact-checker's notes, oldest first; other readers are sent none.
        for note in item.notes or []:
            print(f"  note by {note.author or 'unknown'}, {note.created_at:%Y-%m-%d %H:%M %Z}: {note.text}")
        statements = {s.id for s in item.statements} if item.statements else set()
        for label, claim in zip("AB", item.claims, strict=False):
            for line in report_side(client, claim.id, label, statements):
                print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
