"""Request bodies sent with `Transfer-Encoding: chunked`, which declare no Content-Length.

Django reads a body as long as CONTENT_LENGTH says, so a chunked one would read as empty.
A server that decodes chunked input itself says so with `wsgi.input_terminated` (gunicorn
does): its `wsgi.input` ends where the body ends, so the body is read here, within
DATA_UPLOAD_MAX_MEMORY_SIZE, and handed on with its length. A server that does not (Django's
runserver) passes the chunks' framing through undecoded: such a request is refused with
411 Length Required.
"""

from __future__ import annotations

import json
from io import BytesIO

from django.conf import settings


def _refusal(start_response, status: int, reason: str, code: str, detail: str):
    body = json.dumps({"status": status, "code": code, "detail": detail, "errors": []}).encode()
    start_response(f"{status} {reason}", [("Content-Type", "application/json")])
    # An iterator, not a list: the server cannot size it, so it closes the connection after the
    # answer rather than read the unread chunks as the next request.
    return iter([body])


class ChunkedBodies:
    """WSGI middleware: chunked bodies read whole where the server decodes them, else a 411."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not environ.get("wsgi.input_terminated"):
            return _refusal(
                start_response, 411, "Length Required", "length_required",
                "This server cannot read a chunked body: send the body with a Content-Length header.",
            )  # fmt: skip
        if chunked and not environ.get("CONTENT_LENGTH"):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            body = environ["wsgi.input"].read() if limit is None else environ["wsgi.input"].read(limit + 1)
            if limit is not None and len(body) > limit:
                return _refusal(
                    start_response, 413, "Content Too Large", "request_too_large",
                    f"The request body is larger than {limit} bytes.",
                )  # fmt: skip
            environ["wsgi.input"] = BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.application(environ, start_response)
