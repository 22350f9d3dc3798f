"""What anonymous clients and users without the fact-checker permission see, in the schema's words.

A view's `publishing` maps each read action (None: every other) to the text its operation's
description ends with (core.api.schema.AutoSchema). The rules themselves are claims.selectors'.
"""

INTRO = (
    "**Publishing.** Anonymous clients and users without the fact-checker permission see only what "
    "fact-checkers published: anything else is a 404 to them, and is left out of every list, search, "
    "filter and export they get. Fact-checkers see everything."
)
CLAIMS = "A claim is published when it is verified."
STATEMENTS = "A statement is published when it and its claim are verified."
CONTRADICTIONS = (
    "A contradiction is published when it is confirmed and both its claims (for a discrepancy, both its "
    "statements too) are published."
)
VERDICTS = "A verdict is published when a fact-checker has published it (`published`) and its claim is."
SPEAKERS = "A speaker proposed by extraction is shown once a fact-checker confirms it (`status`)."
SUGGESTIONS = (
    "**Publishing.** Fact-checkers only: anyone else gets a 404. Suggestions come from matching a new "
    "statement with the claims of its speaker in other articles; a fact-checker accepts one (the statement "
    "moves to the suggested claim) or keeps it separate in the admin, and the decision stays."
)


def published(*rules: str) -> str:
    return " ".join((INTRO, *rules))


def public(rows: str) -> str:
    """For a resource fact-checkers do not publish row by row."""
    return f"**Publishing.** Everyone sees every {rows}."
