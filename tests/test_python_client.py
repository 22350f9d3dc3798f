"""The Python client as script authors use it, against a live server: the package generated from this
schema exactly as `make client` generates it, its helpers (Token authentication, page iterators) and
the scripts built on them. The package is generated into a temporary directory, not installed."""

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from rest_framework.authtoken.models import Token

from tests.factories import ClaimFactory, FactCheckerFactory, TopicFactory

pytestmark = pytest.mark.slow

ROOT = Path(settings.BASE_DIR)
HELPERS = ROOT / "clients" / "python-helpers" / "src"
SCRIPTS = ROOT / "scripts"


@pytest.fixture(scope="module")
def client_path(tmp_path_factory) -> Iterator[str]:
    """The directories to import `summit_client` and `summit_client_helpers` from, as a PYTHONPATH."""
    out = tmp_path_factory.mktemp("python-client")
    schema = out / "schema.json"
    with translation.override("en"):
        call_command(
            "spectacular", "--format=openapi-json", "--validate", "--fail-on-warn", f"--file={schema}"
        )
    generated = out / "python"
    subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(schema),
         "--output-path", str(generated), "--config", str(ROOT / "clients.yaml"), "--meta", "setup",
         "--custom-template-path", str(ROOT / "clients" / "python-templates")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert "Authorization: Token <key>" in (generated / "README.md").read_text()
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(HELPERS))
        patch.syspath_prepend(str(generated))
        importlib.invalidate_caches()
        yield f"{generated}:{HELPERS}"


@pytest.fixture
def token(transactional_db):
    return Token.objects.create(user=FactCheckerFactory(username="script-author")).key


def test_a_reader_follows_cursors_across_pages(client_path, live_server):
    from summit_client.api.claims import claims_list
    from summit_client_helpers import connect, follow_cursors

    claims = [ClaimFactory(summary=f"Claim {n}.") for n in range(5)]
    reader = connect(live_server.url)
    cursors = []

    def page(cursor):
        cursors.append(cursor)
        return claims_list.sync(client=reader, cursor=cursor, page_size=2)

    assert [claim.id for claim in follow_cursors(page)] == [c.id for c in reversed(claims)]
    # Three pages: the first without a cursor, then one cursor each.
    assert len(cursors) == 3 and not cursors[0] and all(isinstance(c, str) for c in cursors[1:])


def test_a_reader_follows_page_numbers(client_path, live_server):
    from summit_client.api.topics import topics_list
    from summit_client.models.topics_list_ordering import TopicsListOrdering
    from summit_client_helpers import connect, follow_page_numbers

    slugs = [TopicFactory(slug=f"topic-{n}").slug for n in range(5)]
    reader = connect(live_server.url)
    numbers = []

    def page(number):
        numbers.append(number)
        return topics_list.sync(client=reader, page=number, page_size=2, ordering=TopicsListOrdering.SLUG)

    assert [topic.slug for topic in follow_page_numbers(page)] == slugs
    assert numbers[1:] == [2, 3]


def test_an_error_answer_raises_api_error(client_path, live_server, transactional_db):
    from summit_client.api.claims import claims_list
    from summit_client_helpers import ApiError, connect, follow_cursors

    reader = connect(live_server.url)
    with pytest.raises(ApiError) as raised:
        list(follow_cursors(lambda cursor: claims_list.sync(client=reader, cursor="not-a-cursor")))
    assert raised.value.error is not None and raised.value.error.status == 404


def test_the_token_client_writes_where_bearer_and_readers_are_refused(client_path, live_server, token):
    from summit_client import AuthenticatedClient
    from summit_client.api.claims import claims_create
    from summit_client.models import Claim, ClaimRequest, StanceEnum
    from summit_client_helpers import connect

    topic = TopicFactory(slug="talks")
    speaker = ClaimFactory(topic=topic).speaker

    def body(summary):
        return ClaimRequest(
            speaker=speaker.slug, topic=topic.slug, stance=StanceEnum.SUPPORTS, summary=summary
        )

    created = claims_create.sync(client=connect(live_server.url, token), body=body("Written with a token."))
    assert isinstance(created, Claim) and created.summary == "Written with a token."
    # The generator's own default sends `Bearer`, which the API does not take; a reader sends nothing.
    bearer = AuthenticatedClient(base_url=live_server.url, token=token)
    assert claims_create.sync_detailed(client=bearer, body=body("With Bearer.")).status_code == 401
    reader = connect(live_server.url)
    assert claims_create.sync_detailed(client=reader, body=body("Anonymous.")).status_code == 401


def run_script(client_path, *args):
    return subprocess.run(
        [sys.executable, str(SCRIPTS / args[0]), *args[1:]],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": client_path, "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip


def test_the_scripts_import_and_report(client_path, live_server, corpus, token, tmp_path):
    rows = tmp_path / "claims.csv"
    rows.write_text(
        "speaker,speaker_name,speaker_kind,topic,topic_name,stance,summary,key,article,quote,mode\n"
        "russian-government,Russian government,institution,attack-on-ukraine,Russia plans to attack Ukraine,"
        "opposes,Moscow denies planning to attack Ukraine.,moscow-denies,001_late,"
        "Matxcơva phủ nhận kế hoạch tấn công Ukraine,indirect\n"
        "joe-biden,,,sanctions,,supports,A row quoting an article that does not exist.,missing,no-such-article,"
        "Mỹ,indirect\n",
        encoding="utf-8",
    )
    url = ["--base-url", live_server.url, "--token", token]
    first = run_script(client_path, "import_claims.py", *url, str(rows))
    assert first.returncode == 1, first.stderr
    assert first.stdout.splitlines()[-1] == "1 imported, 0 skipped, 1 failed"
    assert "row 3: FAILED statement: article:" in first.stderr
    again = run_script(client_path, "import_claims.py", *url, str(rows))
    assert again.stdout.splitlines()[-1] == "0 imported, 1 skipped, 1 failed"

    # The corpus's opposing claims on NATO make a suspected contradiction: the review queue's.
    report = run_script(client_path, "contradictions_report.py", *url, "--topic", "nato-expansion")
    assert report.returncode == 0, report.stderr
    assert report.stdout.startswith("1 contradiction(s) for topic nato-expansion")
    assert "“yêu cầu đảm bảo pháp lý về việc NATO không mở rộng về phía Đông”" in report.stdout
    public = run_script(client_path, "contradictions_report.py", "--base-url", live_server.url, "--topic", "nato-expansion")  # fmt: skip
    assert public.stdout.startswith("0 contradiction(s) for topic nato-expansion"), public.stderr


def test_the_next_page_is_the_servers_next_cursor_or_read_from_the_link(client_path):
    from summit_client.models import PaginatedClaimList, PaginatedTopicList
    from summit_client_helpers.paging import next_token

    def claims(**page):
        empty = {"previous": None, "previous_cursor": None, "next_cursor": None, "results": []}
        return PaginatedClaimList.from_dict({**empty, **page})

    assert next_token(claims(next="http://x/api/v1/claims/?cursor=a%2Bb&q=nato"), "cursor") == "a+b"
    assert next_token(claims(next="http://x/api/v1/claims/?cursor=a", next_cursor="b"), "cursor") == "b"
    assert next_token(claims(next=None, next_cursor=None), "cursor") is None
    topics = PaginatedTopicList.from_dict(
        {
            "next": "http://x/api/v1/topics/?page=3",
            "previous": None,
            "next_cursor": None,
            "previous_cursor": None,
            "results": [],
        }
    )
    assert next_token(topics, "page") == "3"
