"""`python -m perf.bench.load`: wrk cycles over the read paths found on a live server."""

import shutil
import subprocess
import sys

import pytest
from rest_framework.throttling import SimpleRateThrottle

from perf.bench import load

pytestmark = pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk)"
)


@pytest.fixture
def unthrottled(monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1000000/hour", "user": "1000000/hour"}
    )


def test_the_command_reports_throughput_over_the_servers_paths(live_server, corpus, unthrottled):
    finished = subprocess.run(
        [sys.executable, "-m", "perf.bench.load", live_server.url, "--concurrency=2", "--duration=1", "--warmup=0"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    figures = dict(item.split("=") for item in finished.stdout.split())
    # Lists, a search, 3 speakers, 2 topics, 3 claims' details and attributions (one page: no next).
    assert figures["paths"] == "15"
    assert int(figures["requests"]) > 0
    assert figures["errors"] == "0"
    assert float(figures["req_per_s"]) > 0
    assert 0 < float(figures["p50_ms"]) <= float(figures["p99_ms"])


def test_answers_other_than_success_are_counted_as_errors(live_server, corpus, unthrottled):
    figures = dict(item.split("=") for item in load.run(live_server.url, ["/api/v1/claims/0/"], 2, 1).split())
    assert int(figures["requests"]) > 0
    assert figures["errors"] == figures["requests"]
