"""What the scripts share: the client `make client` installs, or a clear message when it is missing."""

import sys

try:
    from summit_client_helpers import ApiError, connect, explain, follow_cursors
except ModuleNotFoundError as missing:  # summit_client or its helpers
    sys.exit(f"{missing.name} is not installed: run `make client` first (it generates and installs it).")

__all__ = ["ApiError", "connect", "explain", "follow_cursors"]
