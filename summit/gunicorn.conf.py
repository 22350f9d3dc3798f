"""gunicorn's settings for `make serve-prod` and `make chaos` (`gunicorn -c summit/gunicorn.conf.py`).

Whether a request came over TLS is Django's decision alone: `SECURE_PROXY_SSL_HEADER`, set
when `BEHIND_TLS_PROXY` is on. gunicorn would otherwise take `X-Forwarded-Proto` (and its
kin) from any peer in `forwarded_allow_ips`, loopback by default, and any local client could
make a plain-HTTP request look secure (HSTS, secure-only cookies).
"""

# No header makes gunicorn's scheme https, from any peer (unix sockets included)...
secure_scheme_headers: dict[str, str] = {}
# ...and no peer is a trusted proxy to gunicorn; Django's settings name the ones it trusts.
forwarded_allow_ips = ""

# No control socket: its default path is one per user for the whole machine, which every
# gunicorn started (serve-prod, chaos, a second checkout) would take from the one before.
# The supervisor manages the server by signals.
control_socket_disable = True
