#!/usr/bin/env python3
"""The contradictions of a topic or a speaker, with both sides' quotes and where they were reported.

    python scripts/contradictions_report.py --base-url http://127.0.0.1:8000 --topic russian-troops-threaten-ukraine
    python scripts/contradictions_report.py --speaker vladimir-putin --status confirmed
    python scripts/contradictions_report.py --token KEY --topic russia-to-blame-for-diplomatic-difficulties --status suspected

Without a token it reads what the public sees (confirmed contradictions between verified claims);
a fact-checker's token (`--token`, or SUMMIT_TOKEN) reads the review queue too.

Built on the client generated from the OpenAPI schema and its helpers (`make client`).
"""

import argparse
import os
import sys
from collections.abc import Sequence

from _client import ApiError, connect, follow_cursors
from summit_client import AuthenticatedClient
from summit_client.api.claims import claims_attribution_retrieve
from summit_client.api.contradictions import contradictions_list
from summit_client.models import Attribution, AttributionStatement, Contradiction
from summit_client.models.contradictions_list_status import ContradictionsListStatus
from summit_client.types import UNSET, Unset


def all_contradictions(
    client: AuthenticatedClient,
    *,
    topic: str | Unset = UNSET,
    speaker: str | Unset = UNSET,
    status: ContradictionsListStatus | Unset = UNSET,
) -> list[Contradiction]:
    return list(
        follow_cursors(
            lambda cursor: contradictions_list.sync(
                client=client, cursor=cursor, page_size=100, topic=topic, speaker=speaker, status=status
            )
        )
    )


def source_line(statement: AttributionStatement) -> str:
    chain = [ref.name for v in statement.via if (ref := v.outlet or v.speaker)]
    outlet = statement.outlet.name if statement.outlet else "unknown outlet"
    date = statement.published_on.isoformat() if statement.published_on else "undated"
    via = f" via {' → '.join(chain)}" if chain else ""
    return f"{outlet}, {date}, {statement.article.key} [{statement.start}:{statement.end}]{via}"


def report_side(
    client: AuthenticatedClient, claim_id: int, label: str, statements_of_interest: set[int]
) -> list[str]:
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--base-url", default=os.environ.get("SUMMIT_URL", "http://127.0.0.1:8000"))
    scope = parser.add_mutually_exclusive_group(required=True)
    scope.add_argument("--topic", help="Topic slug.")
    scope.add_argument("--speaker", help="Speaker slug.")
    parser.add_argument("--status", choices=[s.value for s in ContradictionsListStatus])
    parser.add_argument("--token", default=os.environ.get("SUMMIT_TOKEN"), help="A fact-checker's API token.")
    args = parser.parse_args(argv)

    client = connect(args.base_url, args.token)
    try:
        contradictions = all_contradictions(
            client,
            topic=args.topic or UNSET,
            speaker=args.speaker or UNSET,
            status=ContradictionsListStatus(args.status) if args.status else UNSET,
        )
    except ApiError as exc:
        print(f"contradictions: {exc}", file=sys.stderr)
        return 1
    scope_name = f"topic {args.topic}" if args.topic else f"speaker {args.speaker}"
    print(f"{len(contradictions)} contradiction(s) for {scope_name}")
    for item in contradictions:
        print()
        print(f"#{item.id} {item.kind.value} ({item.status.value}) — {item.topic.name}")
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
