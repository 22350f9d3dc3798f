"""A small closed-loop load generator: N threads, each with one keep-alive connection, for T seconds.

No load tool is installed (and none is a dependency), so throughput of `make serve-prod` is
measured with this: `python -m summit.bench.load http://127.0.0.1:8000 --concurrency 8`.
Each thread sends its next request as soon as the previous answer is read, cycling through
read paths found on the server itself (the same kinds `manage.py bench` times). Prints
`requests=… errors=… req_per_s=… p50_ms=… p99_ms=…`. On one machine the generator's own
CPU competes with the server's: the figure is a lower bound.
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
from urllib.parse import urlencode, urlsplit

from summit.bench.timing import percentile

V1 = "/api/v1"


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


def run(host: str, port: int, paths: list[str], concurrency: int, duration: float) -> dict[str, float]:
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    deadline = time.monotonic() + duration

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        i = index
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            i += 1
            began = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
            latencies[index].append((time.perf_counter() - began) * 1000)
            errors[index] += not ok
        connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    samples = [ms for per_thread in latencies for ms in per_thread]
    return {
        "requests": len(samples),
        "errors": sum(errors),
        "req_per_s": len(samples) / elapsed,
        "p50_ms": percentile(samples, 0.50),
        "p99_ms": percentile(samples, 0.99),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", help="Base URL of the server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=20.0, help="Seconds of load.")
    parser.add_argument("--warmup", type=float, default=3.0, help="Seconds of load before measuring.")
    args = parser.parse_args(argv)
    target = urlsplit(args.url)
    host, port = target.hostname or "127.0.0.1", target.port or 80
    paths = discover(host, port)
    if args.warmup > 0:
        run(host, port, paths, args.concurrency, args.warmup)
    result = run(host, port, paths, args.concurrency, args.duration)
    print(
        f"concurrency={args.concurrency} paths={len(paths)} requests={result['requests']:.0f} "
        f"errors={result['errors']:.0f} req_per_s={result['req_per_s']:.1f} "
        f"p50_ms={result['p50_ms']:.1f} p99_ms={result['p99_ms']:.1f}"
    )


if __name__ == "__main__":
    main()
