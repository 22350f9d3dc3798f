"""DRF's token authentication, reading the token's write mark in the same query when replicas
are configured, so that a token client that just wrote reads from the primary."""

from __future__ import annotations

from rest_framework import authentication
from rest_framework.authtoken.models import Token

from core.replicas import recent_writes, routing


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        if not routing.replica_aliases():
            return super().authenticate_credentials(key)
        # From the primary (core.replicas.router), where the mark was written.
        token = Token.objects.select_related("user", "user__recent_write").filter(key=key).first()
        if token is None or not token.user.is_active:
            return super().authenticate_credentials(key)  # DRF's own refusal
        if recent_writes.token_wrote_recently(token):
            routing.read_from_primary()
        return (token.user, token)
