"""The supervisor of `make run` and `make serve-prod` owns the embedded PostgreSQL: real processes,
each on a data directory of its own."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from summit.embedded import EmbeddedServer, system_user

# How long a step may take before the test gives up on it: a bound against hanging, not a speed.
PATIENCE = 30


def wait_for(condition, seconds: float = PATIENCE) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A cluster made once (initdb takes seconds) and copied for each test."""
    data_dir = tmp_path_factory.mktemp("template") / "pg"
    server = EmbeddedServer(data_dir)
    with server.control():
        server.initialise()
    return data_dir


@pytest.fixture
def server(template, tmp_path):
    data_dir = tmp_path / "pg"
    subprocess.run(["cp", "-a", str(template), str(data_dir)], check=True)  # ownership kept
    server = EmbeddedServer(data_dir)
    yield server
    for process in server.processes():  # whatever a failed test left behind
        process.kill()


class Supervised:
    """`python -m summit.supervisor -- COMMAND` on the server's data directory."""

    def __init__(self, server: EmbeddedServer, *command: str, log: Path, env: dict[str, str] | None = None):
        env = {**os.environ, "EMBEDDED_DATA_DIR": str(server.data_dir), **(env or {})}
        env.pop("DATABASE_URL", None)
        self.log = log
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "summit.supervisor", "--data-dir", str(server.data_dir), "--", *command],
                cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def output(self) -> str:
        return self.log.read_text()

    def stop(self, signum=signal.SIGTERM) -> int:
        self.process.send_signal(signum)
        return self.process.wait(PATIENCE)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(PATIENCE)


@pytest.fixture
def supervise(tmp_path):
    started: list[Supervised] = []

    def start(server, *command, env=None) -> Supervised:
        supervised = Supervised(server, *command, log=tmp_path / "supervisor.log", env=env)
        started.append(supervised)
        return supervised

    yield start
    for supervised in started:
        if supervised.process.poll() is None:
            supervised.kill()


def sleeper(pid_file: Path) -> list[str]:
    """A stand-in web server: notes its pid, then waits to be stopped."""
    code = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(600)"
    return [sys.executable, "-c", code]


def web_process(out: Path) -> list[str]:
    """A stand-in web process: finds the server as settings do, queries the project's database
    once, writes what it saw, and exits with 3."""
    code = f"""
import os, psycopg
from pathlib import Path
from summit.database import start_embedded_server
socket_dir = start_embedded_server(Path(os.environ["EMBEDDED_DATA_DIR"]))
with psycopg.connect(host=str(socket_dir), user="postgres", dbname="summit") as conn:
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
open({str(out)!r}, "w").write(str(pid))
raise SystemExit(3)
"""
    return [sys.executable, "-c", code]


def connect(server: EmbeddedServer):
    return psycopg.connect(host=str(server.socket_dir()), user="postgres", dbname="summit", autocommit=True)


def answers(server: EmbeddedServer) -> bool:
    try:
        with connect(server) as conn:
            conn.execute("SELECT 1")
        return True
    except psycopg.OperationalError:
        return False


def assert_all_stopped(server: EmbeddedServer) -> None:
    assert wait_for(lambda: not server.processes()), server.processes()
    assert not (server.data_dir / "postmaster.pid").exists()
    assert not (server.socket_dir() / ".s.PGSQL.5432").exists()


def test_postgres_is_ready_before_the_command_and_stopped_after_it(server, supervise, tmp_path):
    seen = tmp_path / "seen"
    supervised = supervise(server, *web_process(seen))
    assert supervised.process.wait(PATIENCE) == 3, supervised.output()  # the command's status
    # The command connected on its first try, to the project's database the supervisor made.
    assert seen.read_text().isdigit(), supervised.output()
    assert_all_stopped(server)


def test_a_killed_postgres_is_back_with_no_command_run(server, supervise, tmp_path):
    pid_file = tmp_path / "web.pid"
    supervised = supervise(server, *sleeper(pid_file))
    assert wait_for(lambda: pid_file.exists() and answers(server)), supervised.output()
    with connect(server) as conn:
        conn.execute("CREATE TABLE ledger (n int)")
        conn.execute("INSERT INTO ledger VALUES (1), (2)")
    killed = server.postmaster()
    os.kill(killed, signal.SIGKILL)

    assert wait_for(lambda: answers(server)), supervised.output()
    assert server.postmaster() not in (None, killed)
    with connect(server) as conn:  # crash recovery kept every committed row
        assert conn.execute("SELECT count(*) FROM ledger").fetchone()[0] == 2
    assert wait_for(lambda: "PostgreSQL is back" in supervised.output())
    assert supervised.stop() == 128 + signal.SIGTERM
    assert_all_stopped(server)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_stops_the_command_then_postgres(server, supervise, tmp_path, signum):
    pid_file = tmp_path / "web.pid"
    supervised = supervise(server, *sleeper(pid_file))
    assert wait_for(lambda: pid_file.exists() and pid_file.read_text()), supervised.output()
    web = int(pid_file.read_text())

    assert supervised.stop(signum) == 128 + signum
    assert not alive(web)
    assert_all_stopped(server)


@pytest.mark.parametrize("postgres_too", [False, True], ids=["supervisor", "supervisor-and-postgres"])
def test_a_start_after_the_supervisor_was_killed_works(server, supervise, tmp_path, postgres_too):
    pid_file = tmp_path / "web.pid"
    first = supervise(server, *sleeper(pid_file))
    assert wait_for(lambda: pid_file.exists() and pid_file.read_text() and answers(server)), first.output()
    web, postmaster = int(pid_file.read_text()), server.postmaster()
    first.kill()
    if postgres_too:  # a power cut: a stale postmaster.pid and a database to recover
        os.kill(postmaster, signal.SIGKILL)
    if sys.platform == "linux":
        assert wait_for(lambda: not alive(web))  # the web server does not outlive its supervisor

    seen = tmp_path / "seen"
    second = supervise(server, *web_process(seen))
    assert second.process.wait(PATIENCE) == 3, second.output()
    assert seen.read_text().isdigit(), second.output()
    assert_all_stopped(server)


def test_one_supervisor_per_data_directory(server, supervise, tmp_path):
    first = supervise(server, *sleeper(tmp_path / "web.pid"))
    assert wait_for(lambda: (tmp_path / "web.pid").exists() and answers(server)), first.output()
    postmaster = server.postmaster()

    second = supervise(server, *sleeper(tmp_path / "second.pid"))
    assert second.process.wait(PATIENCE) == 1
    assert "already supervised" in second.output()
    assert not (tmp_path / "second.pid").exists()
    assert server.postmaster() == postmaster and answers(server)
    first.stop()
    assert_all_stopped(server)


def test_a_command_joins_the_supervised_server_and_leaves_it_running(server, supervise, tmp_path):
    supervised = supervise(server, *sleeper(tmp_path / "web.pid"))
    assert wait_for(lambda: (tmp_path / "web.pid").exists() and answers(server)), supervised.output()
    postmaster = server.postmaster()

    env = {**os.environ, "EMBEDDED_DATA_DIR": str(server.data_dir)}
    env.pop("DATABASE_URL", None)
    command = subprocess.run(web_process(tmp_path / "seen"), env=env, cwd=settings.BASE_DIR, timeout=PATIENCE)
    assert command.returncode == 3
    assert server.postmaster() == postmaster and answers(server)
    supervised.stop()
    assert_all_stopped(server)


# Without a supervisor (manage.py commands, the tests): the last process using the server stops it.


def user_of(server: EmbeddedServer, tmp_path: Path, name: str) -> subprocess.Popen:
    """A process that uses the server (as settings do), says so in a file, then waits."""
    ready = tmp_path / name
    code = f"""
import time
from pathlib import Path
from summit.database import start_embedded_server
start_embedded_server(Path({str(server.data_dir)!r}))
Path({str(ready)!r}).write_text("ready")
time.sleep(600)
"""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    process = subprocess.Popen([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env)
    assert wait_for(lambda: ready.exists() or process.poll() is not None)
    assert process.poll() is None
    return process


def test_a_command_alone_starts_a_server_and_the_last_to_leave_stops_it(server, tmp_path):
    first = user_of(server, tmp_path, "first")
    postmaster = server.postmaster()
    assert postmaster is not None and answers(server)
    second = user_of(server, tmp_path, "second")
    second.terminate()
    second.wait(PATIENCE)
    assert server.postmaster() == postmaster  # the first still uses it

    first.terminate()
    first.wait(PATIENCE)
    assert_all_stopped(server)


def test_a_killed_user_does_not_keep_the_server_running(server, tmp_path):
    killed = user_of(server, tmp_path, "killed")
    killed.kill()
    killed.wait(PATIENCE)
    assert server.postmaster() is not None  # left running: no one stopped it

    last = user_of(server, tmp_path, "last")
    last.terminate()
    last.wait(PATIENCE)
    assert_all_stopped(server)


def test_a_supervisor_stopping_leaves_the_server_to_a_command_still_using_it(server, supervise, tmp_path):
    pid_file = tmp_path / "web.pid"
    supervised = supervise(server, *sleeper(pid_file))
    assert wait_for(lambda: pid_file.exists() and answers(server)), supervised.output()
    shell = user_of(server, tmp_path, "shell")  # a manage.py shell, say, left open
    postmaster = server.postmaster()

    supervised.stop()
    assert server.postmaster() == postmaster and answers(server)
    shell.terminate()
    shell.wait(PATIENCE)
    assert_all_stopped(server)


def test_a_postmaster_pid_naming_another_live_process_does_not_block_the_start(server, supervise, tmp_path):
    # After a reboot the pid in a stale postmaster.pid may belong to any process of the server's
    # user (PostgreSQL takes one of another user's for stale by itself).
    user = system_user()
    other = subprocess.Popen(["sleep", "600"], user=user, group=user, extra_groups=[] if user else None)
    try:
        stale = f"{other.pid}\n{server.data_dir}\n1700000000\n5432\n{server.data_dir}\n\n  0  0\nready\n"
        (server.data_dir / "postmaster.pid").write_text(stale)

        seen = tmp_path / "seen"
        supervised = supervise(server, *web_process(seen))
        assert supervised.process.wait(PATIENCE) == 3, supervised.output()
        assert seen.read_text().isdigit()
        assert_all_stopped(server)
    finally:
        other.kill()
        other.wait()


def test_with_a_replica_the_supervisor_makes_it_keeps_it_running_and_stops_it(server, supervise, tmp_path):
    replica = EmbeddedServer(tmp_path / "replica")
    pid_file = tmp_path / "web.pid"
    env = {"EMBEDDED_REPLICA": "1", "EMBEDDED_REPLICA_DIR": str(replica.data_dir)}
    supervised = supervise(server, *sleeper(pid_file), env=env)
    try:
        # Made from the primary (pg_basebackup) and streaming before the command starts.
        assert wait_for(lambda: pid_file.exists() and answers(replica)), supervised.output()
        with connect(replica) as conn:
            assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0] is True
        killed = replica.postmaster()
        assert killed is not None
        os.kill(killed, signal.SIGKILL)
        assert wait_for(lambda: answers(replica)), supervised.output()
        assert replica.postmaster() not in (None, killed)
        assert supervised.stop() == 128 + signal.SIGTERM
        assert_all_stopped(replica)
        assert_all_stopped(server)
    finally:
        for process in replica.processes():
            process.kill()
