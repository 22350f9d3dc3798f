"""After an article's outlet changes, its statements' copies follow (claims/triggers.py)."""

from core.copies import copies_follow

article_outlet_to_statements = copies_follow(
    "article_outlet_to_statements", column="outlet", copies="claims_statement", key="article"
)
