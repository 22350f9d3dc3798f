"""Hand-written companions of the generated `summit_client` (`make client` installs both).

`connect` gives a client that sends the API's `Authorization: Token <key>` (or no credentials, for a
reader); `follow_cursors` and `follow_page_numbers` yield every item of a list, page after page;
`ApiError` is what they raise when the API answers with an error.
"""

from summit_client_helpers.connection import connect
from summit_client_helpers.errors import ApiError, explain
from summit_client_helpers.paging import Page, follow_cursors, follow_page_numbers

__all__ = ["ApiError", "Page", "connect", "explain", "follow_cursors", "follow_page_numbers"]
