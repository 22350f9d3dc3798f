"""`manage.py bench [--claims N] [--requests R]`: latency of the main endpoints at scale.

Runs in-process against the synthetic corpus of `generate_corpus` (generated first when
missing or of another size), never against the project's database. Prints one line per
endpoint (`name p50_ms=… p95_ms=… baseline_p50_ms=… ratio=…`), with `--peers` one per textbook
peer (`peer_name p50_ms=… p95_ms=…`) and one per pair (`vs_peer name summit_p50_ms=…
peer_p50_ms=… speedup=…`), then `peak_rss_mb=…`, and last `worst_ratio=…`; details go to
stderr. See docs/performance.md.
"""

import sys
import warnings

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from rest_framework.throttling import SimpleRateThrottle

from perf.bench import database as bench_db
from perf.bench import floors as bench_floors
from perf.bench import peers as bench_peers
from perf.bench import urls as bench_urls
from perf.bench.baseline import Baseline
from perf.bench.corpus import DEFAULT_CLAIMS, DEFAULT_SEED, generate
from perf.bench.endpoints import endpoints
from perf.bench.runner import measure
from perf.bench.timing import machine_speed, peak_rss_mb

PREPARE_THRESHOLD = 5  # psycopg's default: a query shape is prepared on its fifth execution


class Command(BaseCommand):
    help = "Benchmark the API's main endpoints on the synthetic corpus against raw SQL."
    requires_system_checks: list[str] = []  # no connection may open before the switch of database

    def add_arguments(self, parser):
        parser.add_argument(
            "--claims", type=int, default=None,
            help=f"Corpus size; regenerated when it differs (default: the existing corpus, else {DEFAULT_CLAIMS}).",
        )  # fmt: skip
        parser.add_argument("--requests", type=int, default=200, help="Timed requests per endpoint.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--database", default=bench_db.DEFAULT_NAME)
        parser.add_argument("--only", nargs="*", default=None, help="Endpoint names to run (default: all).")
        parser.add_argument(
            "--server-side-binding", action="store_true",
            help="Run Django (and the baseline) with server-side binding and prepared statements: "
            "what `make serve-prod` uses (DATABASE_PREPARED_STATEMENTS=1).",
        )  # fmt: skip
        parser.add_argument(
            "--floors", action="store_true",
            help="Also time the claims-by-speaker and articles pages served without the API's filters, ORM "
            "and links, by a plain Django view and by a DRF APIView (perf/bench/floors.py); not in worst_ratio.",
        )  # fmt: skip
        parser.add_argument(
            "--peers", action="store_true",
            help="Also time each endpoint written the textbook way (ModelViewSet, nested ModelSerializers, "
            "PageNumberPagination, a plain FilterSet: perf/bench/peers.py), interleaved; not in worst_ratio.",
        )  # fmt: skip

    def handle(
        self,
        *args,
        claims,
        requests,
        seed,
        database: str,
        only,
        server_side_binding,
        floors,
        peers,
        **options,
    ):
        try:
            bench_db.check_name(database)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if requests < 1:
            raise CommandError("--requests must be positive.")
        facts = bench_db.describe(database)
        wanted = claims or (facts or {}).get("claims") or DEFAULT_CLAIMS
        if facts is None or facts.get("claims") != wanted or facts.get("seed") != seed:
            facts = generate(database, wanted, seed, sys.stderr)
        prepare = PREPARE_THRESHOLD if server_side_binding else None
        binding = {"server_side_binding": True, "prepare_threshold": prepare} if server_side_binding else {}
        bench_db.use_database(database, **binding)
        self._production_like()
        self.stderr.write(f"corpus: {database} {facts['rows']}; {requests} requests per endpoint")

        client = Client(HTTP_HOST="127.0.0.1")  # "testserver" is not an allowed host outside tests
        every = endpoints()
        unknown = set(only or ()) - set(every)
        if unknown:
            raise CommandError(f"Unknown endpoints: {', '.join(sorted(unknown))}.")
        floor_endpoints = {bench_floors.endpoint_of(name) for name in bench_floors.FLOORS}
        wanted_names = set(only or every) | (floor_endpoints if floors else set())
        selected = {name: paths for name, paths in every.items() if name in wanted_names}
        if floors or peers:
            settings.ROOT_URLCONF = bench_urls.__name__
        peer_paths = self._peers(client, selected) if peers else {}
        floor_paths = self._floors(client, every) if floors else {}
        selected.update(floor_paths)
        with bench_db.connect(database, autocommit=True, prepare_threshold=prepare) as raw:
            self._machine("before", raw)
            results, peer_results = measure(selected, requests, client, Baseline(raw), peer_paths)
            self._machine("after", raw)
        for result in [*results, *peer_results]:
            self.stdout.write(result.line())
            paths = len(selected[result.endpoint.removeprefix("peer_")])
            self.stderr.write(f"  {result.endpoint}: {result.queries} queries, {paths} distinct paths")
        by_name = {r.endpoint: r for r in results}
        for peer in peer_results:
            name = peer.endpoint.removeprefix("peer_")
            summit, textbook = by_name[name].p50, peer.p50
            self.stdout.write(
                f"vs_peer {name} summit_p50_ms={summit:.2f} peer_p50_ms={textbook:.2f} speedup={textbook / summit:.2f}"
            )
        if "claims_list" in by_name and "claims_deep_cursor" in by_name:
            deep = by_name["claims_deep_cursor"].p50 / by_name["claims_list"].p50
            self.stderr.write(f"deep cursor page / first page (p50): {deep:.2f}")
        self.stdout.write(f"peak_rss_mb={peak_rss_mb():.1f}")
        self.stdout.write(f"worst_ratio={max(r.ratio for r in results if r.endpoint not in floor_paths):.2f}")

    def _machine(self, when: str, raw) -> None:
        speed = machine_speed(raw)
        figures = " ".join(f"{name}={value:.2f}" for name, value in speed.items())
        self.stderr.write(f"machine {when}: {figures}")

    def _peers(self, client: Client, selected: dict[str, list[str]]) -> dict[str, list[str]]:
        """Each endpoint's peer paths, once each is checked to give the records its API path gives
        (a cursor's page: the peer's page holds its first row)."""
        paths = {name: [bench_peers.peer_path(path) for path in api] for name, api in selected.items()}
        for name, api in selected.items():
            for api_path, peer_path in zip(api, paths[name], strict=True):
                expected = bench_peers.records(client.get(api_path).json())
                given = bench_peers.records(client.get(peer_path).json())
                cursor = "cursor=" in api_path
                if not (
                    expected[:1] == [r for r in given if r in expected[:1]] if cursor else given == expected
                ):
                    raise CommandError(f"{peer_path} does not give the records of {api_path}.")
        return paths

    def _floors(self, client: Client, every: dict[str, list[str]]) -> dict[str, list[str]]:
        """The floors' paths, once each is checked to give its API endpoint's pages (links aside)."""
        paths = bench_floors.endpoints(every)
        for name, floor in paths.items():
            for api_path, floor_path in zip(every[bench_floors.endpoint_of(name)], floor, strict=True):
                if client.get(floor_path).json()["results"] != client.get(api_path).json()["results"]:
                    raise CommandError(f"{name} does not give the API's page for {api_path}.")
        return paths

    def _production_like(self) -> None:
        # collectstatic has not run: whitenoise would warn at the first request.
        warnings.filterwarnings("ignore", message="No directory at")
        # DEBUG keeps a log of every query; production runs without it.
        settings.DEBUG = False
        # One client makes every request: at the configured hourly rate it would be throttled
        # (429) part-way. A per-second rate keeps the throttle's work (a cache read and write per
        # request) while never refusing.
        SimpleRateThrottle.THROTTLE_RATES = {
            **SimpleRateThrottle.THROTTLE_RATES, "anon": "1000000/s", "user": "1000000/s",
        }  # fmt: skip
        # Counted in this process's memory, whatever DEBUG the environment has: the pages are
        # compared, not the counters' store (a counter in the database costs one statement a
        # request more).
        settings.THROTTLE_COUNTS = "memory"
