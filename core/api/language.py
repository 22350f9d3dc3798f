"""The API's language: the one the client's Accept-Language asks for, English when it names none.

The admin falls back to Vietnamese (LANGUAGE_CODE); a client of the API that names no language
of ours keeps reading English, as it did before the API spoke Vietnamese. The admin's language
cookie does not reach the API: a client's language is what its request says.
"""

from __future__ import annotations

from django.utils import translation

API_FALLBACK = "en"


def asked_language(header: str) -> str | None:
    """The first language of `header` (an Accept-Language value) that the site speaks, by weight."""
    weighted = []
    for position, part in enumerate(header.split(",")):
        code, _, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if code and code != "*" and weight > 0:
            weighted.append((-weight, position, code))
    for _weight, _position, code in sorted(weighted):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


class ApiLanguageMiddleware:
    """Under /api/, activates the language Accept-Language asks for, else English. After
    LocaleMiddleware, whose choice it replaces there (its Content-Language then follows this one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            language = asked_language(request.headers.get("Accept-Language", "")) or API_FALLBACK
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
