"""Every item of a list, page after page, whichever way the list pages.

Claims, statements and contradictions page by cursor; outlets, articles, speakers, events and topics
by page number. An answer's `next_cursor` is the next page's token when the server gives it;
otherwise the token is read from the `next` link.
"""

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar
from urllib.parse import parse_qs, urlsplit

from summit_client.models import Error
from summit_client.types import UNSET, Unset

from summit_client_helpers.errors import ApiError

Item = TypeVar("Item")
Item_co = TypeVar("Item_co", covariant=True)


class Page(Protocol[Item_co]):
    """What every generated list answer (`Paginated…List`) has."""

    @property
    def next_(self) -> str | None: ...

    @property
    def results(self) -> Sequence[Item_co]: ...

    @property
    def additional_properties(self) -> dict[str, Any]: ...


def follow_cursors(fetch: Callable[[str | Unset], Error | Page[Item] | None]) -> Iterator[Item]:
    """Every item of a cursor-paged list. `fetch(cursor)` reads one page (UNSET: the first), e.g.

    follow_cursors(lambda cursor: claims_list.sync(client=client, cursor=cursor, topic="…"))
    """
    cursor: str | Unset = UNSET
    while True:
        page = _answered(fetch(cursor))
        yield from page.results
        token = next_token(page, "cursor")
        if token is None:
            return
        cursor = token


def follow_page_numbers(fetch: Callable[[int | Unset], Error | Page[Item] | None]) -> Iterator[Item]:
    """Every item of a page-numbered list. `fetch(page)` reads one page (UNSET: the first), e.g.

    follow_page_numbers(lambda page: topics_list.sync(client=client, page=page))
    """
    number: int | Unset = UNSET
    while True:
        page = _answered(fetch(number))
        yield from page.results
        token = next_token(page, "page")
        if token is None:
            return
        number = int(token)


def next_token(page: Page[object], parameter: str) -> str | None:
    """The next page's token, None on the last page. `parameter` names it in the `next` link."""
    if page.next_ is None:
        return None
    # Declared in the schema (an attribute) or only sent by a server newer than the client.
    given = getattr(page, "next_cursor", None) or page.additional_properties.get("next_cursor")
    if isinstance(given, str | int) and not isinstance(given, bool):
        return str(given)
    values = parse_qs(urlsplit(page.next_).query).get(parameter)
    if not values:
        raise ValueError(f"the next page's link has no {parameter!r}: {page.next_}")
    return values[0]


def _answered(answer: Error | Page[Item] | None) -> Page[Item]:
    if answer is None or isinstance(answer, Error):
        raise ApiError(answer)
    return answer
