"""Shared set-up for the scripts: the generated client (`make client`) and its connection."""

import sys
from pathlib import Path

GENERATED = Path(__file__).resolve().parent.parent / "clients" / "python"

try:
    import summit_client  # noqa: F401
except ImportError:
    if not (GENERATED / "summit_client").is_dir():
        sys.exit("The generated client is missing: run `make client` first.")
    sys.path.insert(0, str(GENERATED))

from summit_client import AuthenticatedClient, Client  # noqa: E402


def connect(base_url: str, token: str | None = None) -> Client | AuthenticatedClient:
    if token:
        return AuthenticatedClient(
            base_url=base_url, token=token, prefix="Token", raise_on_unexpected_status=True
        )
    return Client(base_url=base_url, raise_on_unexpected_status=True)
