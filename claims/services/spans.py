"""Where a quote sits in its article: `body[start:end] == quote`, always."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from core.text import fold, nfc


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


def text_at(body: str, start: int, end: int) -> str:
    """The body's text at a span, which must lie inside it."""
    if not 0 <= start < end <= len(body):
        raise ValidationError({"end": f"The span {start}:{end} is outside the article body (0:{len(body)})."})
    return body[start:end]


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


def locate_folded(body: str, quote: str) -> tuple[int, int] | None:
    """The span of the one place where `body` reads `quote` once both are folded (case,
    diacritics, đ/d), or None when there is no such place or several: a quote typed without
    its accents found in the text, whose own spelling the statement then takes."""
    pieces = [fold(ch) for ch in body]
    owners = [i for i, piece in enumerate(pieces) for _ in piece]  # folded offset -> body offset
    folded, wanted = "".join(pieces), fold(nfc(quote))
    first = folded.find(wanted) if wanted else -1
    if first < 0 or folded.find(wanted, first + 1) >= 0:
        return None
    start, end = owners[first], owners[first + len(wanted) - 1] + 1
    if fold(body[start:end]) != wanted:  # the match began or ended inside one character's fold
        return None
    return start, end
