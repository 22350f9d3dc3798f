"""The trigger by which statements follow their article's outlet belongs to claims: sources' schema
names no table of claims, and a database migrated from when sources owned it ends with claims'
trigger alone, statements still following."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims.models import ArticleWithStatements, Statement
from sources.models import Article
from tests.factories import OutletFactory, StatementFactory

pytestmark = pytest.mark.django_db

# The state before claims took the trigger over, and the trigger sources installed then; the
# trigger claims installs (pgtrigger names each after its model: claims.ArticleWithStatements).
BEFORE = [("claims", "0021_contradiction_links_protect"), ("sources", "0009_vacuum_after_title_folded")]
SOURCES_TRIGGER = "pgtrigger_article_outlet_to_statements_07b30"
CLAIMS_TRIGGER = "pgtrigger_article_outlet_to_statements_62027"


def triggers_on_articles() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'sources_article'::regclass AND NOT tgisinternal"
        )
        return {name for (name,) in cursor.fetchall()}


def migrate(targets) -> None:
    # The rows this test wrote leave deferred foreign-key checks pending in its transaction, and
    # PostgreSQL alters no table with checks pending (the notes' migrations alter statements):
    # run them now, as a migration in a transaction of its own would find none.
    connection.check_constraints()
    MigrationExecutor(connection).migrate(targets)


def follows(statement: Statement) -> bool:
    article = statement.article
    Article.objects.filter(pk=article.pk).update(outlet=OutletFactory())
    article.refresh_from_db()
    return Statement.objects.values_list("outlet_id", flat=True).get(pk=statement.pk) == article.outlet_id


def test_sources_declares_no_trigger_and_claims_declares_the_articles_one():
    assert not getattr(Article._meta, "triggers", [])
    # Nor does the state sources' migrations leave: the old trigger is dropped there.
    state = MigrationExecutor(connection).loader.project_state()
    assert all(
        not model.options.get("triggers") for (app, _), model in state.models.items() if app == "sources"
    )
    assert ArticleWithStatements._meta.proxy and ArticleWithStatements._meta.db_table == "sources_article"
    assert triggers_on_articles() == {CLAIMS_TRIGGER}


def test_a_database_migrated_from_sources_trigger_ends_with_claims_trigger():
    statement = StatementFactory()
    # Foreign keys are checked at commit: their pending checks would refuse the migrations' ALTER TABLEs.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    migrate(BEFORE)
    assert triggers_on_articles() == {SOURCES_TRIGGER}
    assert follows(statement)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert triggers_on_articles() == {CLAIMS_TRIGGER}
    assert follows(statement)


def test_claims_trigger_is_installed_before_sources_is_dropped():
    plan = MigrationExecutor(connection).migration_plan(
        [
            ("claims", "0022_article_outlet_to_statements"),
            ("sources", "0010_remove_article_outlet_to_statements"),
        ],
        clean_start=True,
    )
    names = [(migration.app_label, migration.name) for migration, _ in plan]
    assert names.index(("claims", "0022_article_outlet_to_statements")) < names.index(
        ("sources", "0010_remove_article_outlet_to_statements")
    )
