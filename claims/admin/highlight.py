"""An article body as HTML with each statement's span wrapped in `<mark>`.

The HTML is built from slices of the body, each escaped on its own, so no quote or tag in
the text can break out. Spans may overlap: a span inside another is nested in its mark;
two spans that cross are split, the later one closing and reopening around the end of the
first (marked `continued`), so the tags always nest properly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Span:
    id: int
    start: int
    end: int
    status: str
    title: str = ""


def highlight(body: str, spans: Iterable[Span]) -> SafeString:
    ordered = sorted(spans, key=lambda s: (s.start, -s.end, s.id))  # outer spans open first
    for span in ordered:
        if not 0 <= span.start < span.end <= len(body):
            raise ValueError(f"span {span.start}:{span.end} of statement {span.id} is outside the body")
    starting: dict[int, list[Span]] = defaultdict(list)
    for span in ordered:
        starting[span.start].append(span)
    cuts = sorted({0, len(body)} | {s.start for s in ordered} | {s.end for s in ordered})

    html: list[str] = []
    opened: list[Span] = []  # the marks open at this point, outermost first
    position = 0
    for cut in cuts:
        html.append(escape(body[position:cut]))
        position = cut
        ending = [i for i, span in enumerate(opened) if span.end == cut]
        if ending:
            # Close down to the outermost mark that ends here, then reopen those that go on.
            first = ending[0]
            going_on = [span for span in opened[first:] if span.end != cut]
            html.append("</mark>" * (len(opened) - first))
            del opened[first:]
            for span in going_on:
                html.append(_open(span, continued=True))
                opened.append(span)
        for span in starting.get(cut, []):
            html.append(_open(span, continued=False))
            opened.append(span)
    return mark_safe("".join(html))  # every piece of body text above went through escape()


def _open(span: Span, *, continued: bool) -> str:
    if continued:
        return format_html(
            '<mark class="statement status-{} continued" data-statement-id="{}" title="{}">',
            span.status,
            span.id,
            span.title,
        )
    return format_html(
        '<mark id="statement-{}" class="statement status-{}" data-statement-id="{}" title="{}">',
        span.id,
        span.status,
        span.id,
        span.title,
    )
