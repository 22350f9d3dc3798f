from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# The database side of core.text.fold(): NFC, no diacritics (unaccent also maps đ to d),
# lower case. IMMUTABLE so that expression indexes can be built on it; the dictionary is
# named with its schema so the function does not depend on search_path.
CREATE_FOLD = """
CREATE OR REPLACE FUNCTION public.summit_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN lower(public.unaccent('public.unaccent'::regdictionary, normalize($1, NFC)));
"""
DROP_FOLD = "DROP FUNCTION IF EXISTS public.summit_fold(text);"


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunSQL(CREATE_FOLD, DROP_FOLD),
    ]
