"""Where a quote sits in its article: `body[start:end] == quote`, always."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from core.text import nfc


def check_span(body: str, quote: str, start: int | None, end: int | None) -> None:
    if start is None or end is None:
        raise ValidationError({"start": gettext("start and end are required.")})
    if not 0 <= start < end <= len(body):
        message = gettext("The span %(start)d:%(end)d is outside the article body (0:%(length)d).")
        raise ValidationError({"end": message % {"start": start, "end": end, "length": len(body)}})
    if body[start:end] != quote:
        message = gettext("The article's text at %(start)d:%(end)d is %(text)s, not the quote.")
        raise ValidationError(
            {"quote": message % {"start": start, "end": end, "text": repr(body[start:end])}}
        )


def locate_quote(body: str, quote: str, start: int | None = None, end: int | None = None) -> tuple[int, int]:
    """The span of `quote` in `body`: checked when given, found when it occurs exactly once."""
    quote = nfc(quote)
    if start is not None or end is not None:
        if end is None and start is not None:
            end = start + len(quote)
        check_span(body, quote, start, end)
        return start, end  # type: ignore[return-value]
    first = body.find(quote)
    if first < 0:
        raise ValidationError(
            {"quote": gettext("The quote does not occur in the article body (it must be verbatim).")}
        )
    second = body.find(quote, first + 1)
    if second >= 0:
        count = body.count(quote)
        message = gettext(
            "The quote occurs %(count)d times in the article (at %(first)d, %(second)d, …); give start and end."
        )
        raise ValidationError({"quote": message % {"count": count, "first": first, "second": second}})
    return first, first + len(quote)
