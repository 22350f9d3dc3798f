from django.db import migrations

# summit_fold() without normalize(..., NFC): unaccent already drops the combining marks of
# decomposed text, so the result is the same for any normal form (tests/test_text_fold.py),
# and PostgreSQL's normalize() was three quarters of the function's cost (17 of 23 µs for a
# quote), paid on every row a search rechecks or tests. The function is still not inlined
# (unaccent is STABLE), which is what lets indexes use it.
LIGHT_FOLD = """
CREATE OR REPLACE FUNCTION public.summit_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN lower(public.unaccent('public.unaccent'::regdictionary, $1));
"""
NORMALIZING_FOLD = """
CREATE OR REPLACE FUNCTION public.summit_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN lower(public.unaccent('public.unaccent'::regdictionary, normalize($1, NFC)));
"""
# An index on an IMMUTABLE function holds what the old definition returned. Text is stored
# in NFC, where both definitions agree; rebuilding makes the indexes right even for a row
# that was not.
REINDEX_FOLDED = """
DO $$
DECLARE folded regclass;
BEGIN
    FOR folded IN
        SELECT indexrelid::regclass FROM pg_index
        WHERE pg_get_indexdef(indexrelid) LIKE '%summit_fold(%'
    LOOP
        EXECUTE format('REINDEX INDEX %s', folded);
    END LOOP;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("summit", "0001_text_search")]
    operations = [
        migrations.RunSQL([LIGHT_FOLD, REINDEX_FOLDED], [NORMALIZING_FOLD, REINDEX_FOLDED]),
    ]
