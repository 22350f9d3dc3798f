"""Time each endpoint through the whole Django stack and against its raw-SQL baseline.

Both run in this process, interleaved request by request and endpoint by endpoint, so that
drift (autovacuum, a neighbour's load) hits them all alike. The baseline replays exactly the SQL Django issued for
the same request, captured once per path.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from perf.bench.baseline import Baseline
from perf.bench.timing import percentile


@dataclass
class Timed:
    """The latencies of one endpoint's requests."""

    endpoint: str
    samples_ms: list[float]
    queries: int

    @property
    def p50(self) -> float:
        return percentile(self.samples_ms, 0.50)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 0.95)

    def line(self) -> str:
        return f"{self.endpoint} p50_ms={self.p50:.2f} p95_ms={self.p95:.2f}"


@dataclass
class Result(Timed):
    """An endpoint's latencies beside those of its baseline."""

    baseline_ms: list[float]

    @property
    def baseline_p50(self) -> float:
        return percentile(self.baseline_ms, 0.50)

    @property
    def ratio(self) -> float:
        return self.p50 / self.baseline_p50

    def line(self) -> str:
        return f"{super().line()} baseline_p50_ms={self.baseline_p50:.2f} ratio={self.ratio:.2f}"


def capture(client: Client, path: str) -> list[str]:
    """The SQL one request runs (also its warm-up); fails loudly on anything but a 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}: {response.content[:300]!r}")
    return [query["sql"] for query in queries.captured_queries]


def timed_get(client: Client, path: str) -> float:
    """Milliseconds to answer `path`, the body included (it is rendered lazily)."""
    began = time.perf_counter()
    client.get(path).content  # noqa: B018
    return (time.perf_counter() - began) * 1000


def measure(
    endpoints: dict[str, list[str]],
    requests: int,
    client: Client,
    baseline: Baseline,
    peers: dict[str, list[str]] | None = None,
) -> tuple[list[Result], list[Timed]]:
    """Time `requests` requests per endpoint, round-robin over the endpoints: a neighbour's load
    or a checkpoint then slows every endpoint alike instead of whichever ran at that moment.

    `peers` maps an endpoint to other paths answering the same requests (path for path), timed
    right after it as `peer_<endpoint>`, without a baseline."""
    peers = peers or {}
    sql = {path: capture(client, path) for paths in endpoints.values() for path in paths}
    peer_queries = {path: len(capture(client, path)) for paths in peers.values() for path in paths}
    for path in sql:  # a second warm-up, now without the query log
        client.get(path).content  # noqa: B018
        baseline.run(sql[path])
    for path in peer_queries:
        client.get(path).content  # noqa: B018
    results = {
        name: Result(name, [], max(len(sql[path]) for path in paths), []) for name, paths in endpoints.items()
    }
    peer_results = {
        name: Timed(f"peer_{name}", [], max(peer_queries[path] for path in paths))
        for name, paths in peers.items()
    }
    for i in range(requests):
        for name, paths in endpoints.items():
            path = paths[i % len(paths)]
            results[name].samples_ms.append(timed_get(client, path))
            began = time.perf_counter()
            baseline.run(sql[path])
            results[name].baseline_ms.append((time.perf_counter() - began) * 1000)
            if name in peers:
                peer_results[name].samples_ms.append(timed_get(client, peers[name][i % len(paths)]))
    return list(results.values()), list(peer_results.values())
