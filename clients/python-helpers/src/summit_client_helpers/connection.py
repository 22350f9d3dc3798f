"""A generated `AuthenticatedClient` that authenticates as the API expects, or not at all."""

import httpx
from summit_client import AuthenticatedClient

# The API's token authentication (DRF's TokenAuthentication) answers 401 to any other prefix, such
# as the generator's default `Bearer`.
TOKEN_PREFIX = "Token"


def connect(base_url: str, token: str | None = None, *, timeout: float = 30.0) -> AuthenticatedClient:
    """A client for every generated operation: with a token, a fact-checker's; without, a reader's.

    An unexpected status raises `summit_client.errors.UnexpectedStatus` rather than giving None.
    """
    if token:
        return AuthenticatedClient(
            base_url=base_url,
            token=token,
            prefix=TOKEN_PREFIX,
            timeout=httpx.Timeout(timeout),
            raise_on_unexpected_status=True,
        )
    # The generated operations are typed for an AuthenticatedClient, as the schema names token
    # authentication on reads too (optional there). A reader's gets an httpx client of its own,
    # which sends no Authorization header: an empty one would be refused.
    reader = AuthenticatedClient(base_url=base_url, token="", raise_on_unexpected_status=True)
    return reader.set_httpx_client(httpx.Client(base_url=base_url, timeout=timeout))
