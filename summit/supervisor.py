"""`python -m summit.supervisor -- COMMAND...`: run a web server with the embedded PostgreSQL it needs.

The supervisor owns the checkout's embedded server (`summit/embedded.py`) for as long as COMMAND
runs: it starts PostgreSQL first, starts it again within a second or so of any death (PostgreSQL
recovers from its log on the way), and stops COMMAND, then PostgreSQL, when it is told to stop
(SIGINT, SIGTERM, SIGHUP) or COMMAND exits; a command still using PostgreSQL then (a shell, a
test run) keeps it until it exits. With `EMBEDDED_REPLICA=1` it owns the embedded streaming
replica the same way, made from the primary the first time, started after it and stopped before
it. With `DATABASE_URL` set it only runs COMMAND.
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from summit.database import (
    EMBEDDED_DATA_DIR,
    EMBEDDED_REPLICA_DIR,
    prepare_embedded_database,
    prepare_embedded_primary,
)
from summit.embedded import AlreadySupervised, EmbeddedServer
from summit.env import env_bool

POLL_SECONDS = 0.1
# gunicorn finishes the requests in flight within its graceful timeout (30 s by default).
CHILD_GRACE_SECONDS = 35.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def say(message: str) -> None:
    print(f"supervisor: {message}", file=sys.stderr, flush=True)


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _become_subreaper() -> None:
    """Have the server's processes, which `pg_ctl` leaves behind, become the supervisor's
    children (Linux): a dead postmaster is then reaped at once, where PostgreSQL would refuse to
    start again while its predecessor's pid still exists as a zombie."""
    if sys.platform == "linux":
        pr_set_child_subreaper = 36
        _libc().prctl(pr_set_child_subreaper, 1)


def _reap(keep: int | None) -> None:
    """Collect the exit status of every finished child except `keep` (the web server's, which
    `Popen` collects). Elsewhere than Linux the server's processes are not the supervisor's."""
    if sys.platform != "linux":
        return
    while True:
        try:
            info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return
        if info is None or info.si_pid == keep:
            return
        os.waitpid(info.si_pid, 0)


def _die_with(supervisor: int) -> None:
    """In the child, before exec: SIGTERM when the supervisor dies, even by SIGKILL (Linux), so
    that no web server outlives it holding its port."""
    if sys.platform != "linux":
        return
    pr_set_pdeathsig = 1
    _libc().prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() != supervisor:  # it died before the call
        os.kill(os.getpid(), signal.SIGTERM)


class Supervisor:
    def __init__(self, server: EmbeddedServer, command: list[str], replica: EmbeddedServer | None = None):
        self.server = server
        self.replica = replica
        self.command = command
        self.signals: list[int] = []

    def _on_signal(self, signum, frame) -> None:
        self.signals.append(signum)

    def run(self) -> int:
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._on_signal)
        _become_subreaper()
        with self.server.control():
            self.server.initialise()
            self._claim = self.server.claim_supervision()  # the open file is the claim
        child = None
        try:
            with self.server.control():
                self.server.hold_as_user()
                if self.server.postmaster() is None:
                    self.server.start()
                else:
                    say(f"adopting the PostgreSQL already running in {self.server.data_dir}")
            self._prepare()
            say(f"PostgreSQL ready in {self.server.data_dir} (socket in {self.server.socket_dir()})")
            if self.replica is not None:
                self._start_replica()
            if not self.signals:
                child = subprocess.Popen(self.command, preexec_fn=functools.partial(_die_with, os.getpid()))
                self._watch(child)
        finally:
            status = self._stop_child(child)
            if self.replica is not None:
                with self.replica.control():
                    if self.replica.release_as_last_user():
                        self.replica.stop()
                        say("the replica stopped")
            with self.server.control():
                if self.server.release_as_last_user():
                    self.server.stop()
                    say("PostgreSQL stopped")
                else:
                    say("PostgreSQL left running for the other processes using it; the last to exit stops it")
        if self.signals:
            return 128 + self.signals[0]
        return status if status >= 0 else 128 - status

    def _watch(self, child: subprocess.Popen) -> None:
        while not self.signals and child.poll() is None:
            _reap(keep=child.pid)
            if self.server.postmaster() is None:
                self._restart(child)
            if self.replica is not None and self.replica.postmaster() is None:
                self._restart_replica()
            time.sleep(POLL_SECONDS)

    def _restart(self, child: subprocess.Popen) -> None:
        """Start the server again, as many times as it takes, until it runs or we are told to stop."""
        began = time.monotonic()
        say("PostgreSQL is down: starting it again")
        while not self.signals:
            try:
                with self.server.control():
                    if self.server.postmaster() is None:
                        self.server.start(patience=0)
            except RuntimeError as error:
                # e.g. backends of the dead server still hold its shared memory for a moment.
                say(f"PostgreSQL did not start yet: {str(error).splitlines()[-1]}")
                time.sleep(0.2)
                _reap(keep=child.pid)
                continue
            say(f"PostgreSQL is back after {time.monotonic() - began:.1f}s")
            self._prepare()
            return

    def _start_replica(self) -> None:
        """Make the replica from the primary if it has never been made, and start it."""
        assert self.replica is not None
        prepare_embedded_primary(self.server.socket_dir())
        with self.replica.control():
            if not self.replica.is_standby():
                say(f"making the replica in {self.replica.data_dir} (pg_basebackup)")
                self.replica.clone(self.server.socket_dir())
            self._replica_claim = self.replica.claim_supervision()  # the open file is the claim
            self.replica.hold_as_user()
            if self.replica.postmaster() is None:
                self.replica.start()
        say(f"replica ready in {self.replica.data_dir} (socket in {self.replica.socket_dir()})")

    def _restart_replica(self) -> None:
        """Start the replica again; one that does not start yet is tried again at the next poll
        (reads go to the primary meanwhile)."""
        assert self.replica is not None
        say("the replica is down: starting it again")
        try:
            with self.replica.control():
                if self.replica.postmaster() is None:
                    self.replica.start(patience=0)
        except RuntimeError as error:
            say(f"the replica did not start yet: {str(error).splitlines()[-1]}")

    def _prepare(self) -> None:
        """The project's database and the server's settings; a server that dies meanwhile is
        started again by the watch, and prepared then."""
        import psycopg

        try:
            prepare_embedded_database(self.server.socket_dir(), self.server.data_dir)
        except psycopg.OperationalError as error:
            say(f"PostgreSQL did not answer: {str(error).strip().splitlines()[0]}")

    def _stop_child(self, child: subprocess.Popen | None) -> int:
        if child is None:
            return 0
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
            seen = len(self.signals)
            deadline = time.monotonic() + CHILD_GRACE_SECONDS
            # A second signal (Ctrl-C again) or the grace period over: no more waiting.
            while child.poll() is None and time.monotonic() < deadline and len(self.signals) <= seen:
                time.sleep(POLL_SECONDS)
            if child.poll() is None:
                say(f"{self.command[0]} did not stop: killing it")
                child.kill()
        return child.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m summit.supervisor", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", type=Path, default=EMBEDDED_DATA_DIR, help="the embedded server's data directory"
    )
    parser.add_argument(
        "--replica-dir", type=Path, default=EMBEDDED_REPLICA_DIR,
        help="the embedded replica's data directory (with EMBEDDED_REPLICA=1)",
    )  # fmt: skip
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the web server's command")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("a command to run is required: python -m summit.supervisor -- COMMAND...")
    if os.environ.get("DATABASE_URL"):
        os.execvp(command[0], command)
    server = EmbeddedServer(args.data_dir)
    # The command's processes find the server in the same data directory.
    os.environ["EMBEDDED_DATA_DIR"] = str(server.data_dir)
    try:
        replica = None
        if env_bool("EMBEDDED_REPLICA"):
            replica = EmbeddedServer(args.replica_dir)
            os.environ["EMBEDDED_REPLICA_DIR"] = str(replica.data_dir)
        return Supervisor(server, command, replica).run()
    except AlreadySupervised as error:
        say(
            f"the embedded PostgreSQL in {server.data_dir} is already supervised (pid {error.args[0]}): "
            "stop that server first, or set EMBEDDED_DATA_DIR or DATABASE_URL"
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
