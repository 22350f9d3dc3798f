"""A statement's copy of its article's outlet (claims/triggers.py): whoever
writes, it is the article's, and the `outlet` filters of claims and statements list by it."""

import threading

import pgtrigger
import pytest
from django.core import serializers
from django.db import close_old_connections, transaction

from claims.fixtures import load_fixture
from claims.models import Statement
from claims.services.corpus_checks import check_corpus, outlets_out_of_step
from claims.services.statements import update_statement
from sources.models import Article
from tests.factories import ArticleFactory, ClaimFactory, OutletFactory, StatementFactory, ViaFactory
from tests.test_statement_speaker import waiting_for_a_lock

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def stored_outlet(statement: Statement) -> int | None:
    return Statement.objects.values_list("outlet_id", flat=True).get(pk=statement.pk)


def listed(api, resource: str, slug: str) -> list[int]:
    response = api.get(f"{V1}/{resource}/", {"outlet": slug})
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_a_new_statement_takes_its_articles_outlet():
    tass = OutletFactory(slug="tass")
    statement = StatementFactory(article=ArticleFactory(outlet=tass))
    assert statement.outlet_id == tass.id == stored_outlet(statement)
    assert stored_outlet(StatementFactory(article=ArticleFactory(outlet=None))) is None


def test_statements_follow_a_change_of_their_articles_outlet(api):
    tass, reuters = OutletFactory(slug="tass"), OutletFactory(slug="reuters")
    article = ArticleFactory(outlet=tass)
    statements = [StatementFactory(article=article) for _ in range(2)]
    other = StatementFactory(article=ArticleFactory(outlet=tass))

    article.outlet = reuters
    article.save()
    assert listed(api, "statements", "reuters") == [s.id for s in reversed(statements)]
    assert listed(api, "statements", "tass") == [other.id]
    assert listed(api, "claims", "reuters") == [s.claim_id for s in reversed(statements)]
    assert listed(api, "claims", "tass") == [other.claim_id]

    # A queryset's update, which no model's save() sees, too; and an article without an outlet.
    Article.objects.filter(outlet=reuters).update(outlet=None)
    assert listed(api, "statements", "reuters") == []
    assert {stored_outlet(s) for s in statements} == {None}


def test_a_statement_moved_to_another_article_takes_that_articles_outlet():
    statement = StatementFactory()
    first = stored_outlet(statement)
    elsewhere = ArticleFactory(body=statement.article.body)  # the quote is at the same span
    update_statement(statement, {"article": elsewhere})
    assert stored_outlet(statement) == elsewhere.outlet_id != first


def test_no_writer_can_store_another_outlet():
    statement = StatementFactory()
    stranger = OutletFactory()
    Statement.objects.filter(pk=statement.pk).update(outlet_id=stranger.id)
    assert stored_outlet(statement) == statement.article.outlet_id
    statement.outlet_id = stranger.id
    statement.save()
    assert stored_outlet(statement) == statement.article.outlet_id


def test_the_copy_makes_no_history_of_its_own():
    statement = StatementFactory()
    article = statement.article
    article.outlet = OutletFactory()
    article.save()
    assert statement.history.count() == 1  # its creation only; the article's history has the change
    assert article.history.count() == 2
    assert "outlet" not in {f.name for f in Statement.history.model._meta.fields}


def test_a_fixture_loaded_again_changes_nothing(tmp_path):
    statement = StatementFactory()
    path = tmp_path / "statements.json"
    path.write_text(serializers.serialize("json", [statement], use_natural_foreign_keys=True))
    assert load_fixture(path) == {"unchanged": 1}
    assert stored_outlet(statement) == statement.article.outlet_id


def test_a_statement_out_of_step_with_its_article_is_reported():
    statement = StatementFactory()
    stranger = OutletFactory(slug="stranger")
    assert outlets_out_of_step() == []
    with pgtrigger.ignore("claims.Statement:statement_outlet_on_update"):
        Statement.objects.filter(pk=statement.pk).update(outlet=stranger)
    message = (
        f"outlet: statement {statement.pk} is listed under stranger, "
        f"its article {statement.article.key}'s outlet is {statement.article.outlet.slug}"
    )
    assert [str(problem) for problem in outlets_out_of_step()] == [message]
    assert message in {str(problem) for problem in check_corpus()}


def test_both_filters_read_the_statements_copy(api):
    # A copy out of step (triggers off) is listed by the copy: neither filter joins the articles.
    tass, reuters = OutletFactory(slug="tass"), OutletFactory(slug="reuters")
    statement = StatementFactory(article=ArticleFactory(outlet=tass))
    with pgtrigger.ignore("claims.Statement:statement_outlet_on_update"):
        Statement.objects.filter(pk=statement.pk).update(outlet=reuters)
    assert listed(api, "statements", "reuters") == [statement.id]
    assert listed(api, "claims", "reuters") == [statement.claim_id]
    assert listed(api, "statements", "tass") == listed(api, "claims", "tass") == []


def test_a_statement_without_an_outlet_in_an_article_without_one_is_in_step():
    StatementFactory(article=ArticleFactory(outlet=None))
    assert outlets_out_of_step() == []


@pytest.mark.django_db(transaction=True)
def test_a_statement_written_while_its_articles_outlet_changes_gets_the_new_outlet():
    claim = ClaimFactory()
    article = StatementFactory(claim=claim).article
    new_outlet = OutletFactory()
    written: list[Statement] = []
    errors: list[BaseException] = []

    def write_statement():
        try:
            quote = "Nhà Trắng cho biết"
            written.append(Statement.objects.create(
                claim_id=ClaimFactory().id, article_id=article.id, quote=quote, start=article.body.index(quote),
                end=article.body.index(quote) + len(quote), mode="direct",
            ))  # fmt: skip
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            close_old_connections()

    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(outlet=new_outlet)
        writer = threading.Thread(target=write_statement)
        writer.start()
        # The writer's insert waits for this change of outlet to commit.
        assert waiting_for_a_lock(), "the statement was written without waiting for the article"
    writer.join()
    assert errors == []
    assert stored_outlet(written[0]) == new_outlet.id


def test_the_outlet_filter_beside_via_lists_the_articles_outlet(api):
    tass, reuters = OutletFactory(slug="tass"), OutletFactory(slug="reuters")
    relayed = [
        ViaFactory(statement=StatementFactory(article=ArticleFactory(outlet=o)), outlet=tass)
        for o in (tass, reuters)
    ]
    response = api.get(f"{V1}/statements/", {"outlet": "reuters", "via": "tass"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [relayed[1].statement_id]
