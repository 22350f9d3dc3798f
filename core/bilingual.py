"""Records that carry their text in Vietnamese and English, shown in the interface language first.

The active language decides which text leads (`django.utils.translation.get_language()`: the
admin's, or the API's, core/api/language.py); in the admin the other follows in parentheses where
both are shown, so a record found by a word of either language is recognised by both.
"""

from __future__ import annotations

from django.utils.translation import get_language


def vietnamese_first() -> bool:
    return (get_language() or "").split("-")[0] == "vi"


def in_language(vietnamese: str, english: str) -> str:
    """The text in the interface language, else the other when that one is empty."""
    first, other = (vietnamese, english) if vietnamese_first() else (english, vietnamese)
    return first or other


def other_language(vietnamese: str, english: str) -> str:
    """The text in the language that is not the interface's ("" when it is empty or the same)."""
    first, other = (vietnamese, english) if vietnamese_first() else (english, vietnamese)
    return other if first and other != first else ""


def bilingual(vietnamese: str, english: str) -> str:
    """Both texts, the interface language's first: "NATO không mở rộng (NATO should not expand)"."""
    other = other_language(vietnamese, english)
    first = in_language(vietnamese, english)
    return f"{first} ({other})" if other else first
