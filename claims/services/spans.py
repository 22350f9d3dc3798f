"""Where a quote sits in its article: `body[start:end] == quote`, always."""

from django.core.exceptions import ValidationError

from core.text import nfc


def check_span(body: str, quote: str, start: int | None, end: int | None) -> None:
    if start is None or end is None:
        raise ValidationError({"start": "start and end are required."})
    if not 0 <= start < end <= len(body):
        raise ValidationError({"end": f"The span {start}:{end} is outside the article body (0:{len(body)})."})
    if body[start:end] != quote:
        raise ValidationError(
            {"quote": f"The article's text at {start}:{end} is {body[start:end]!r}, not the quote."}
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
            {"quote": "The quote does not occur in the article body (it must be verbatim)."}
        )
    second = body.find(quote, first + 1)
    if second >= 0:
        count = body.count(quote)
        raise ValidationError(
            {
                "quote": f"The quote occurs {count} times in the article (at {first}, {second}, …); "
                "give start and end."
            }
        )
    return first, first + len(quote)
