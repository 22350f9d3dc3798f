"""A verdict as schema.org ClaimReview JSON-LD, the form search engines and ClaimsKG read."""

from django.conf import settings

from claims.choices import Rating, SpeakerKind
from claims.models import Claim, Statement

# ClaimsKG's normalised scale: false < mixture < true; `other` has no value on it.
RATING_VALUES: dict[str, int] = {Rating.FALSE: 1, Rating.MIXTURE: 2, Rating.TRUE: 3}


def _appearance(statement: Statement, article_url) -> dict:
    article = statement.article
    work = {
        "@type": "CreativeWork",
        "url": article.url or article_url(article),
        "headline": article.title,
    }
    if article.published_on:
        work["datePublished"] = article.published_on.isoformat()
    if article.outlet:
        work["publisher"] = {"@type": "Organization", "name": article.outlet.name}
    return work


def claim_review(claim: Claim, statements: list[Statement], url: str, article_url) -> dict:
    verdict = claim.verdict
    speaker = claim.speaker
    author = {
        "@type": "Person" if speaker.kind == SpeakerKind.PERSON else "Organization",
        "name": speaker.name,
    }
    if speaker.wikidata_id:
        author["sameAs"] = f"https://www.wikidata.org/wiki/{speaker.wikidata_id}"
    item: dict = {"@type": "Claim", "author": author}
    if claim.said_on:
        item["datePublished"] = claim.said_on.isoformat()
    if statements:
        item["appearance"] = [_appearance(s, article_url) for s in statements]
        item["firstAppearance"] = _appearance(statements[0], article_url)
    rating: dict = {"@type": "Rating", "alternateName": verdict.textual_rating}
    if verdict.rating in RATING_VALUES:
        rating.update(ratingValue=RATING_VALUES[verdict.rating], worstRating=1, bestRating=3)
    if verdict.explanation:
        rating["ratingExplanation"] = verdict.explanation
    review: dict = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.summary or claim.summary_vi,
        "datePublished": verdict.reviewed_on.isoformat(),
        "author": {"@type": "Organization", "name": settings.CLAIMREVIEW_PUBLISHER},
        "itemReviewed": item,
        "reviewRating": rating,
    }
    if verdict.reviewer:
        review["author"]["member"] = {"@type": "Person", "name": verdict.reviewer.get_username()}
    return review
