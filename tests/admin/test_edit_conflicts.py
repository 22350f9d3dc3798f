"""Two people editing one record: a save over a change made since the form was opened is
stopped, says who made it, and happens only if asked again."""

import threading
import time

import pytest
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import reverse

from claims.choices import SpeechMode, Stance
from claims.models import Claim, Statement
from tests.admin.postdata import change_form_data
from tests.factories import ArticleFactory, ClaimFactory, FactCheckerFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague_client(db):
    client = Client()
    client.force_login(FactCheckerFactory(username="binh", is_staff=True))
    return client


def opened(client, url: str) -> dict:
    return change_form_data(client.get(url))


def errors(response) -> list[str]:
    return list(response.context["adminform"].form.non_field_errors())


def test_a_save_over_a_colleagues_change_is_stopped_until_asked_again(checker_client, colleague_client):
    claim = ClaimFactory(summary="Nga không có ý định tấn công.", stance=Stance.NEUTRAL)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    mine, theirs = opened(checker_client, url), opened(colleague_client, url)

    assert colleague_client.post(url, {**theirs, "summary": "Reworded by Binh."}).status_code == 302
    response = checker_client.post(url, {**mine, "stance": Stance.OPPOSES})

    assert response.status_code == 200
    [message] = errors(response)
    assert message.startswith("This claim was changed by binh at ")
    claim.refresh_from_db()
    assert (claim.summary, claim.stance) == ("Reworded by Binh.", Stance.NEUTRAL)

    # The form comes back with what was typed and the version now current: saving it again is
    # a deliberate choice, and replaces the colleague's change.
    again = change_form_data(response)
    assert again["stance"] == Stance.OPPOSES
    assert checker_client.post(url, again).status_code == 302
    claim.refresh_from_db()
    assert (claim.summary, claim.stance) == ("Nga không có ý định tấn công.", Stance.OPPOSES)


def test_a_change_through_the_api_counts_too(checker_client, fc_api, fact_checker):
    claim = ClaimFactory()
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    mine = opened(checker_client, url)

    script = fc_api.patch(f"/api/v1/claims/{claim.pk}/", {"summary": "From a script."}, format="json")
    assert script.status_code == 200
    response = checker_client.post(url, {**mine, "summary": "Mine."})

    assert response.status_code == 200
    [message] = errors(response)
    assert message.startswith(f"This claim was changed by {fact_checker.username} at ")
    assert Claim.objects.get(pk=claim.pk).summary == "From a script."


def test_saving_twice_in_a_row_is_no_conflict(checker_client):
    claim = ClaimFactory()
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    for summary in ["First.", "Second."]:
        assert (
            checker_client.post(url, {**opened(checker_client, url), "summary": summary}).status_code == 302
        )
    assert Claim.objects.get(pk=claim.pk).summary == "Second."


def test_every_admin_change_form_carries_the_version_it_shows(checker_client):
    topic = TopicFactory()
    data = opened(checker_client, reverse("admin:claims_topic_change", args=[topic.pk]))
    assert data["edited_version"] == topic.history.latest().history_id
    assert "edited_version" not in opened(checker_client, reverse("admin:claims_topic_add"))


def test_reverting_to_an_old_version_checks_for_changes_since_the_page_opened(
    checker_client, colleague_client
):
    claim = ClaimFactory(summary="Version one.")
    claim.summary = "Version two."
    claim.save()
    first = claim.history.earliest().history_id
    url = reverse("admin:claims_claim_simple_history", args=[claim.pk, first])
    revert = opened(checker_client, url)
    assert revert["summary"] == "Version one."

    edit = reverse("admin:claims_claim_change", args=[claim.pk])
    colleague_client.post(edit, {**opened(colleague_client, edit), "summary": "Version three."})
    assert checker_client.post(url, revert).status_code == 200
    assert Claim.objects.get(pk=claim.pk).summary == "Version three."

    assert checker_client.post(url, opened(checker_client, url)).status_code == 302
    assert Claim.objects.get(pk=claim.pk).summary == "Version one."


@pytest.mark.django_db(transaction=True)
def test_a_save_in_flight_is_waited_for_then_seen(checker_client):
    claim = ClaimFactory()
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    mine = opened(checker_client, url)
    locked = threading.Event()

    def colleague_saves():
        try:
            with transaction.atomic():
                row = Claim.objects.select_for_update().get(pk=claim.pk)
                locked.set()
                time.sleep(1)  # the admin's save arrives meanwhile: it must wait, then see this one
                row.summary = "Saved first."
                row.save()
        finally:
            close_old_connections()

    colleague = threading.Thread(target=colleague_saves)
    colleague.start()
    assert locked.wait(10)
    response = checker_client.post(url, {**mine, "summary": "Saved second."})
    colleague.join()

    # Without the lock the check would pass before the colleague's save, and overwrite it.
    assert response.status_code == 200 and errors(response)
    assert Claim.objects.get(pk=claim.pk).summary == "Saved first."


def test_an_inline_row_changed_since_the_page_opened_stops_the_save(checker_client, colleague_client):
    article = ArticleFactory()
    first, second = (StatementFactory(article=article, mode=SpeechMode.DIRECT) for _ in range(2))
    url = reverse("admin:sources_article_change", args=[article.pk])
    mine, theirs = opened(checker_client, url), opened(colleague_client, url)
    row = {mine[key]: key.removesuffix("id") for key in mine if key.endswith("-id")}

    theirs[f"{row[first.pk]}mode"] = SpeechMode.INDIRECT
    assert colleague_client.post(url, theirs).status_code == 302

    # My page would write the first row back as I saw it: stopped, and nothing is saved.
    mine[f"{row[second.pk]}mode"] = SpeechMode.INDIRECT
    response = checker_client.post(url, mine)
    assert response.status_code == 200
    [formset] = [i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is Statement]
    assert "was changed by binh" in str(formset.errors[0])
    assert formset.errors[1] == {}
    assert list(Statement.objects.order_by("pk").values_list("mode", flat=True)) == ["indirect", "direct"]

    # Sent again from the page that warned: saved, knowingly over the colleague's edit.
    assert checker_client.post(url, change_form_data(response)).status_code == 302
    assert list(Statement.objects.order_by("pk").values_list("mode", flat=True)) == ["direct", "indirect"]


def test_an_inline_row_nobody_else_changed_saves(checker_client, colleague_client):
    article = ArticleFactory()
    first, second = (StatementFactory(article=article) for _ in range(2))
    url = reverse("admin:sources_article_change", args=[article.pk])
    mine = opened(checker_client, url)
    row = {mine[key]: key.removesuffix("id") for key in mine if key.endswith("-id")}
    # The colleague annotates the second statement on its own page (a note, which this page does
    # not show), then I change the first one's mode here: the second row is not written, so no
    # conflict.
    edit = reverse("admin:claims_statement_change", args=[second.pk])
    theirs = {**opened(colleague_client, edit), "note": "Theirs."}
    assert colleague_client.post(edit, theirs).status_code == 302
    mine[f"{row[first.pk]}mode"] = SpeechMode.INDIRECT
    assert checker_client.post(url, mine).status_code == 302
    assert list(Statement.objects.order_by("pk").values_list("mode", flat=True)) == [
        SpeechMode.INDIRECT,
        SpeechMode.DIRECT,
    ]
    assert [note.text for note in second.notes.all()] == ["Theirs."]
