"""The rows PostgreSQL keeps from others: each statement's copies of its claim's speaker and its
article's outlet (core/copies.py), and each claim's count of standing contradictions."""

import pgtrigger

from core.copies import copied_on_write, copies_follow

# `Statement.speaker` lets one speaker's statements be walked newest first by a (speaker, id)
# index: through the claim, a prolific speaker's page would join and sort all of them.
statement_speaker_on_insert, statement_speaker_on_update = copied_on_write(
    "statement_speaker", copy="speaker", source="claims_claim", key="claim"
)

# After a claim's speaker changes: its statements follow.
claim_speaker_to_statements = copies_follow(
    "claim_speaker_to_statements", column="speaker", copies="claims_statement", key="claim"
)


# --- Each claim's count of standing contradictions -------------------------------------------
#
# `Claim.standing_contradictions` counts the contradictions naming the claim that are not
# dismissed (one for a discrepancy between two of its own statements). The `has_contradictions`
# filter tests it on the row: as a look-up of the contradictions for each claim a page walked,
# it cost a look-up for every claim a walk reached, and a search beside it walks many.
# Increments, not recounts: an increment waits for a concurrent one and adds to its result,
# where a recount would not see the other's uncommitted row.

CONTRADICTION_CLAIMS_RECOUNTED = """
    UPDATE claims_claim AS claim SET standing_contradictions = claim.standing_contradictions + change.delta
    FROM (
        SELECT id, sum(delta) AS delta
        FROM (
            SELECT DISTINCT unnest(ARRAY[OLD.claim_a_id, OLD.claim_b_id]) AS id, -1 AS delta
            WHERE TG_OP <> 'INSERT' AND OLD.status <> 'dismissed'
            UNION ALL
            SELECT DISTINCT unnest(ARRAY[NEW.claim_a_id, NEW.claim_b_id]), 1
            WHERE TG_OP <> 'DELETE' AND NEW.status <> 'dismissed'
        ) AS sides
        GROUP BY id
        HAVING sum(delta) <> 0
        ORDER BY id  -- both claims locked in id order, whichever way round the pair is given
    ) AS change
    WHERE claim.id = change.id;
    RETURN NULL;
"""

contradiction_counted_on_insert_or_delete = pgtrigger.Trigger(
    name="contradiction_counted_on_insert_or_delete",
    when=pgtrigger.After,
    operation=pgtrigger.Insert | pgtrigger.Delete,
    func=CONTRADICTION_CLAIMS_RECOUNTED,
)

contradiction_counted_on_update = pgtrigger.Trigger(
    name="contradiction_counted_on_update",
    when=pgtrigger.After,
    operation=pgtrigger.Update,
    condition=pgtrigger.AnyChange("status", "claim_a", "claim_b"),
    func=CONTRADICTION_CLAIMS_RECOUNTED,
)

# A new claim counts the contradictions already naming it (a fixture may load them first: the
# foreign keys are checked at commit), and a write of the claim itself keeps the count: a
# fixture, a form or an import sending 0 would otherwise erase it. Only the update above, one
# trigger deep, changes it.
STANDING_CONTRADICTIONS_COUNTED = """
    SELECT count(*) INTO NEW.standing_contradictions FROM claims_contradiction
    WHERE (claim_a_id = NEW.id OR claim_b_id = NEW.id) AND status <> 'dismissed';
    RETURN NEW;
"""

claim_contradictions_counted_on_insert = pgtrigger.Trigger(
    name="claim_contradictions_counted_on_insert",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert,
    func=STANDING_CONTRADICTIONS_COUNTED,
)

claim_contradictions_kept_on_update = pgtrigger.Trigger(
    name="claim_contradictions_kept_on_update",
    when=pgtrigger.Before,
    operation=pgtrigger.Update,
    condition=pgtrigger.AnyChange("standing_contradictions"),
    func=(
        "IF pg_trigger_depth() = 1 THEN NEW.standing_contradictions := OLD.standing_contradictions; END IF;"
        " RETURN NEW;"
    ),
)

# Every claim's count from scratch, for writers that run without triggers (the corpus loader)
# and to check the kept counts (`check_corpus`).
STANDING_COUNTS = """
    SELECT side.id AS claim_id, count(DISTINCT contradiction.id) AS standing
    FROM claims_contradiction AS contradiction
    CROSS JOIN LATERAL (VALUES (contradiction.claim_a_id), (contradiction.claim_b_id)) AS side (id)
    WHERE contradiction.status <> 'dismissed'
    GROUP BY side.id
"""

RECOUNT_STANDING_CONTRADICTIONS = f"""
    UPDATE claims_claim AS claim SET standing_contradictions = coalesce(counted.standing, 0)
    FROM claims_claim AS listed LEFT JOIN ({STANDING_COUNTS}) AS counted ON counted.claim_id = listed.id
    WHERE claim.id = listed.id AND claim.standing_contradictions <> coalesce(counted.standing, 0)
"""


# --- Each statement's copy of its article's outlet -------------------------------------------
#
# `Statement.outlet` lets the `outlet` filters read a statement's outlet from the statement: the
# claims' filter tests each claim by one look-up of its statements (claim, outlet) instead of
# reading every statement's article, and the statements' filter walks
# an (outlet, id) index instead of joining the articles.
statement_outlet_on_insert, statement_outlet_on_update = copied_on_write(
    "statement_outlet", copy="outlet", source="sources_article", key="article"
)

# After an article's outlet changes: its statements follow. The trigger is on sources' table but
# belongs to claims (declared on `claims.models.ArticleWithStatements`): sources names no table of
# claims.
article_outlet_to_statements = copies_follow(
    "article_outlet_to_statements", column="outlet", copies="claims_statement", key="article"
)
