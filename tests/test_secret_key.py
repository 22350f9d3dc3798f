"""`make serve-prod` keeps the checkout's own secret key: restarts and a second server keep sessions."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from summit.env import kept_secret

ROOT = Path(__file__).resolve().parent.parent
CHECKOUT_KEY = ROOT / ".secret_key"

# What keeps a signed-in user signed in: the hash of the password stored in the session,
# keyed by SECRET_KEY (a different key logs everyone out).
SESSION_HASH = (
    "import django; django.setup(); from django.contrib.auth.models import User; "
    "print(User(pk=1, password='pbkdf2_sha256$1$salt$hash').get_session_auth_hash())"
)


def start_server_settings(**env: str) -> subprocess.CompletedProcess:
    """Load the settings as `make serve-prod` does, in a process of its own."""
    given = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SECRET_KEY_FILE")}
    return subprocess.run(
        [sys.executable, "-c", SESSION_HASH], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**given, "DJANGO_SETTINGS_MODULE": "summit.settings", "DEBUG": "0", "CHECKOUT_SECRET_KEY": "1",
             "ALLOWED_HOSTS": "127.0.0.1", "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none", **env},
    )  # fmt: skip


@pytest.fixture
def checkout_key():
    """The checkout's key file, as the test found it afterwards (removed when the test made it)."""
    existed = CHECKOUT_KEY.exists()
    yield CHECKOUT_KEY
    if not existed:
        CHECKOUT_KEY.unlink(missing_ok=True)


def test_two_servers_of_one_checkout_share_sessions(checkout_key):
    first, second = start_server_settings(), start_server_settings()
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert stat.S_IMODE(checkout_key.stat().st_mode) == 0o600
    assert len(checkout_key.read_text().strip()) >= 50


def test_a_given_key_wins_over_the_checkouts(checkout_key, tmp_path):
    given = tmp_path / "secret"
    given.write_text("a-deployments-own-key-" + "g" * 50)
    kept = start_server_settings()
    from_file = start_server_settings(SECRET_KEY_FILE=str(given))
    from_env = start_server_settings(SECRET_KEY="a-deployments-own-key-" + "g" * 50)
    assert from_file.returncode == 0, from_file.stderr
    assert from_file.stdout == from_env.stdout != kept.stdout


def test_without_a_key_production_refuses_to_start():
    refused = start_server_settings(CHECKOUT_SECRET_KEY="0")
    assert refused.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in refused.stderr


def test_the_checkouts_key_stays_out_of_git():
    ignored = subprocess.run(["git", "check-ignore", "--quiet", str(CHECKOUT_KEY)], cwd=ROOT)
    assert ignored.returncode == 0


def test_processes_starting_together_keep_one_key(tmp_path):
    path = tmp_path / ".secret_key"
    code = "import sys; from pathlib import Path; from summit.env import kept_secret; print(kept_secret(Path(sys.argv[1])))"
    starting = [
        subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    keys = {process.communicate(timeout=60)[0] for process in starting}
    assert keys == {path.read_text()}
    assert kept_secret(path) == path.read_text().strip()
    assert sorted(os.listdir(tmp_path)) == [".secret_key"]  # no temporary file left behind
