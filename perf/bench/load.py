"""Throughput at fixed concurrency: `python -m perf.bench.load URL [--concurrency C] [--duration T]`.

Finds read paths on the server itself (the kinds `manage.py bench` times: lists, filters, a
search, details, attributions, a next page), then has wrk (Debian: `apt-get install wrk`)
cycle through them over C connections for T seconds, after a warm-up, each
request sent as soon as the previous answer is read (`load.lua`). Prints
`concurrency=… paths=… requests=… errors=… req_per_s=… p50_ms=… p99_ms=…`; errors count
refused connections, timeouts and answers other than 2xx/3xx.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlencode, urlsplit

V1 = "/api/v1"
SCRIPT = Path(__file__).with_name("load.lua")
THREADS = 2  # wrk's threads: the load generator's share of a 2-core machine


def _get_json(host: str, port: int, path: str):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        return json.loads(body)
    finally:
        connection.close()


def discover(host: str, port: int) -> list[str]:
    """Read paths like the benchmark's: lists, filters, a search, details, a next page."""
    claims = _get_json(host, port, f"{V1}/claims/")
    speakers = [s["slug"] for s in _get_json(host, port, f"{V1}/speakers/")["results"]]
    topics = [t["slug"] for t in _get_json(host, port, f"{V1}/topics/")["results"]]
    ids = [c["id"] for c in claims["results"]]
    paths = [f"{V1}/claims/", f"{V1}/statements/", f"{V1}/contradictions/", f"{V1}/claims/?q=dam+phan"]
    paths += [f"{V1}/claims/?{urlencode({'speaker': slug})}" for slug in speakers[:5]]
    paths += [f"{V1}/claims/?{urlencode({'topic': slug})}" for slug in topics[:5]]
    paths += [f"{V1}/claims/{pk}/" for pk in ids[:5]] + [f"{V1}/claims/{pk}/attribution/" for pk in ids[:5]]
    if claims.get("next"):
        paths.append(urlsplit(claims["next"])._replace(scheme="", netloc="").geturl())
    return paths


def run(url: str, paths: list[str], concurrency: int, duration: int) -> str:
    """wrk's summary line for `duration` seconds of `concurrency` connections cycling over `paths`."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk).")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as listing:
        listing.write("\n".join(paths))
        listing.flush()
        finished = subprocess.run(
            [
                wrk, f"--threads={min(THREADS, concurrency)}", f"--connections={concurrency}",
                f"--duration={duration}s", "--timeout=30s", f"--script={SCRIPT}", url,
            ],
            env={**os.environ, "SUMMIT_LOAD_PATHS": listing.name},
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    summary = [line for line in finished.stdout.splitlines() if line.startswith("requests=")]
    if finished.returncode != 0 or not summary:
        raise SystemExit(
            f"wrk failed ({finished.returncode}): {finished.stderr.strip() or finished.stdout.strip()}"
        )
    return summary[-1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", help="Base URL of the server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=int, default=20, help="Seconds of load.")
    parser.add_argument("--warmup", type=int, default=3, help="Seconds of load before measuring.")
    args = parser.parse_args(argv)
    target = urlsplit(args.url)
    host, port = target.hostname or "127.0.0.1", target.port or 80
    paths = discover(host, port)
    if args.warmup > 0:
        run(args.url, paths, args.concurrency, args.warmup)
    print(
        f"concurrency={args.concurrency} paths={len(paths)} {run(args.url, paths, args.concurrency, args.duration)}"
    )


if __name__ == "__main__":
    main()
