"""JSON rendered by orjson: the same bytes as DRF's JSONRenderer, a fraction of the time.

To use it, list it first in `REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"]` (in place of
`rest_framework.renderers.JSONRenderer`). DRF's settings stay the contract: compact output,
UTF-8 not escaped to \\u sequences, `; indent=N` honoured (orjson indents by 2 only), and
datetimes written as DRF's encoder and `DateTimeField` write them (ISO 8601, UTC as "Z").
"""

import orjson
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

_fallback = JSONEncoder()


def _default(value):
    # What orjson does not know (lazy translations, Decimal, querysets): DRF's own encoder.
    return _fallback.default(value)


# Every encoding of a representation, the ETag's included, writes its datetimes alike.
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z


def encode(data, *, indent: bool = False, sort_keys: bool = False) -> bytes:
    """`data` as the API writes it (see the module's docstring)."""
    option = _OPTIONS | (orjson.OPT_INDENT_2 if indent else 0) | (orjson.OPT_SORT_KEYS if sort_keys else 0)
    return orjson.dumps(data, default=_default, option=option)


class ORJSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return encode(data, indent=bool(self.get_indent(accepted_media_type or "", renderer_context or {})))
