"""Languages: the admin in Vietnamese unless asked for English, the API in English unless asked for
Vietnamese, times in the configured zone with the zone shown, and catalogues with every entry
translated."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from claims.models import Claim
from tests.factories import ClaimFactory, EventFactory, FactCheckerFactory, TopicFactory

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(ROOT.glob("*/locale/vi/LC_MESSAGES/django.po"))
APPS_WITH_CATALOGUES = ["core", "sources", "claims"]


def admin_client(language):
    client = Client(headers={"Accept-Language": language} if language else {})
    client.force_login(FactCheckerFactory(username="lan", is_staff=True))
    return client


# --- The admin -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "language", "title"),
    [
        (None, "vi", "Chọn tuyên bố để thay đổi"),
        ("vi-VN,vi;q=0.9,en;q=0.8", "vi", "Chọn tuyên bố để thay đổi"),
        ("en-US,en;q=0.9", "en", "Select claim to change"),
        ("fr-FR,en;q=0.5", "en", "Select claim to change"),
        ("fr-FR", "vi", "Chọn tuyên bố để thay đổi"),  # none of ours: the admin's default
    ],
)
def test_the_admin_speaks_the_browsers_language_and_vietnamese_by_default(accept_language, language, title):
    response = admin_client(accept_language).get("/admin/claims/claim/")
    assert response["Content-Language"] == language
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert title in html


@pytest.mark.django_db
def test_the_switcher_in_the_header_keeps_the_choice_over_the_browsers_language():
    client = admin_client("vi")
    page = client.get("/admin/").content.decode()
    assert 'id="language-switcher"' in page and 'action="/i18n/setlang/"' in page
    assert '<option value="en" lang="en">English</option>' in page
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/admin/claims/claim/"})
    assert (switched.status_code, switched["Location"]) == (302, "/admin/claims/claim/")
    assert "Select claim to change" in client.get("/admin/claims/claim/").content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/admin/"})
    assert "Chọn tuyên bố để thay đổi" in client.get("/admin/claims/claim/").content.decode()


@pytest.mark.django_db
def test_the_login_page_has_the_switcher_and_speaks_vietnamese():
    page = Client().get("/admin/login/").content.decode()
    assert 'id="language-switcher"' in page
    assert "Đăng nhập" in page


@pytest.mark.django_db
def test_a_topic_is_named_in_the_interface_language_first_in_lists_forms_and_autocompletes():
    topic = TopicFactory(
        slug="nato", name="NATO should not expand further east", name_vi="NATO không mở rộng"
    )
    for language, first, second in [
        ("vi", "NATO không mở rộng", "NATO should not expand further east"),
        ("en", "NATO should not expand further east", "NATO không mở rộng"),
    ]:
        client = admin_client(language)
        form = client.get(reverse("admin:claims_topic_change", args=[topic.pk])).content.decode()
        ordered = ["id_name_vi", "id_name"] if language == "vi" else ["id_name", "id_name_vi"]
        assert form.index(f'id="{ordered[0]}"') < form.index(f'id="{ordered[1]}"')
        found = client.get(
            "/admin/autocomplete/",
            {"term": "mo rong", "app_label": "claims", "model_name": "claim", "field_name": "topic"},
        ).json()
        assert [r["text"] for r in found["results"]] == [f"{first} ({second})"]
        listed = client.get(reverse("admin:claims_topic_changelist")).content.decode()
        assert listed.index(first) < listed.index(second)


@pytest.mark.django_db
def test_the_claims_list_shows_the_summary_in_the_interface_language():
    ClaimFactory(
        summary="Talks will go on.", summary_vi="Các cuộc đàm phán sẽ tiếp tục.", event=EventFactory()
    )
    vietnamese = admin_client("vi").get(reverse("admin:claims_claim_changelist")).content.decode()
    english = admin_client("en").get(reverse("admin:claims_claim_changelist")).content.decode()
    assert '<th scope="col" class="column-summary_shown">' in vietnamese
    assert ">Các cuộc đàm phán sẽ tiếp tục.</span>" in vietnamese
    assert ">Talks will go on.</span>" in english


@pytest.mark.django_db
def test_a_claim_without_a_vietnamese_summary_shows_its_english_one():
    claim = ClaimFactory(summary="Talks will go on.", summary_vi="")
    with translation.override("vi"):
        assert str(claim).endswith(": Talks will go on.")


# --- Times -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_times_are_local_with_their_zone(settings):
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    claim = ClaimFactory()
    saved = dt.datetime(2026, 12, 7, 5, 17, 23, tzinfo=dt.UTC)
    Claim.objects.filter(pk=claim.pk).update(created_at=saved, reviewed_at=saved)
    claim.history.update(history_date=saved)
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    history = reverse("admin:claims_claim_history", args=[claim.pk])
    vietnamese, english = admin_client("vi"), admin_client("en")
    for page in (vietnamese.get(change), vietnamese.get(history)):
        assert "07/12/2026 12:17 (GMT+0700)" in page.content.decode()
    for page in (english.get(change), english.get(history)):
        assert "Dec. 7, 2026, 12:17 p.m. (GMT+0700)" in page.content.decode()


@pytest.mark.django_db
def test_another_time_zone_shows_its_own_offset(settings):
    settings.TIME_ZONE = "Europe/Paris"
    claim = ClaimFactory()
    Claim.objects.filter(pk=claim.pk).update(created_at=dt.datetime(2026, 12, 7, 5, 17, tzinfo=dt.UTC))
    page = admin_client("vi").get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "07/12/2026 06:17 (GMT+0100)" in page


def test_language_and_time_zone_come_from_the_environment():
    settings = "from django.conf import settings; print(settings.LANGUAGE_CODE, settings.TIME_ZONE)"
    command = [sys.executable, "-c", f"import django; django.setup(); {settings}"]
    env = {"DJANGO_SETTINGS_MODULE": "summit.settings", "PATH": "/usr/bin:/bin"}
    defaults = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert defaults.stdout.split() == ["vi", "Asia/Ho_Chi_Minh"]
    chosen = subprocess.run(
        command,
        cwd=ROOT,
        env={**env, "LANGUAGE_CODE": "en", "TIME_ZONE": "UTC"},
        capture_output=True,
        text=True,
    )
    assert chosen.stdout.split() == ["en", "UTC"]
    wrong = subprocess.run(
        command, cwd=ROOT, env={**env, "LANGUAGE_CODE": "fr"}, capture_output=True, text=True
    )
    assert wrong.returncode != 0 and "LANGUAGE_CODE must be one of vi, en" in wrong.stderr


# --- The API ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "language", "detail"),
    [
        ({}, "en", "An event cannot end before it starts."),
        ({"HTTP_ACCEPT_LANGUAGE": "fr-FR"}, "en", "An event cannot end before it starts."),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "en", "An event cannot end before it starts."),
        ({"HTTP_ACCEPT_LANGUAGE": "vi"}, "vi", "Sự kiện không thể kết thúc trước khi bắt đầu."),
        (
            {"HTTP_ACCEPT_LANGUAGE": "fr;q=0.9, vi-VN;q=0.8"},
            "vi",
            "Sự kiện không thể kết thúc trước khi bắt đầu.",
        ),
    ],
)
def test_the_api_answers_in_english_unless_asked_for_vietnamese(fc_api, headers, language, detail):
    body = {"slug": "summit", "name": "Summit", "starts_on": "2021-12-07", "ends_on": "2021-12-01"}
    response = fc_api.post("/api/v1/events/", body, format="json", **headers)
    assert response.status_code == 400
    assert (response["Content-Language"], response.json()["detail"]) == (language, detail)


@pytest.mark.django_db
def test_the_api_details_of_our_own_in_vietnamese(api, fc_api, user_api):
    vi = {"HTTP_ACCEPT_LANGUAGE": "vi"}
    assert api.get("/api/v1/nowhere/", **vi).json()["detail"].startswith("Không có gì tại /api/v1/nowhere/")
    assert api.get("/api/v1/nowhere/").json()["detail"].startswith("Nothing at /api/v1/nowhere/")
    refused = user_api.post("/api/v1/topics/", {"slug": "x", "name": "X"}, format="json", **vi)
    assert (
        refused.json()["detail"]
        == "Muốn ghi dữ liệu cần có tài khoản người kiểm chứng (quyền claims.fact_check)."
    )
    ordering = api.get("/api/v1/topics/", {"ordering": "nope"}, **vi).json()
    assert ordering["detail"].startswith("Không thể sắp xếp theo 'nope'")
    too_short = api.get("/api/v1/claims/", {"q": "Mỹ"}, **vi).json()
    assert too_short["detail"] == "Hãy nhập ít nhất một từ có từ 3 chữ cái hoặc chữ số trở lên để tìm kiếm."
    claim = ClaimFactory()
    missing = fc_api.get(f"/api/v1/claims/{claim.pk}/verdict/", **vi).json()
    assert missing["detail"] == "Tuyên bố này chưa có kết luận."


@pytest.mark.django_db
def test_the_admins_language_cookie_does_not_reach_the_api():
    client = APIClient()
    client.cookies["django_language"] = "vi"
    assert client.get("/api/v1/nowhere/").json()["detail"].startswith("Nothing at")


@pytest.mark.django_db
def test_the_schema_stays_english_for_a_client_that_names_no_language():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    assert "* `candidate` - Candidate" in schema["components"]["schemas"]["ReviewStatusEnum"]["description"]


# --- Commands --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_commands_speak_the_newsrooms_language():
    out = io.StringIO()
    with translation.override("vi"):
        call_command("create_factchecker", "hoa", stdout=out)
    first, token = out.getvalue().splitlines()
    assert first == "đã tạo người kiểm chứng hoa"
    assert len(token) == 40  # still last and alone: scripts read it with `tail -n 1`


# --- Catalogues ------------------------------------------------------------------------------


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_entry_of_the_catalogues_is_translated(catalogue):
    po = polib.pofile(str(catalogue))
    assert po.metadata.get("Plural-Forms") == "nplurals=1; plural=0;"
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []
    placeholders = re.compile(r"%\(\w+\)[sdr]|\{\w*\}")
    for entry in po.translated_entries():
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for translation_ in translations:
            assert sorted(placeholders.findall(translation_)) == sorted(placeholders.findall(entry.msgid)), (
                entry.msgid
            )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("app", APPS_WITH_CATALOGUES)
def test_every_translatable_string_is_in_its_apps_catalogue(app, tmp_path):
    # `make makemessages` run on a copy of the app: it would add nothing the catalogue lacks.
    copy = tmp_path / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "makemessages",
            "-l",
            "vi",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )

    def entries(path: Path) -> set[tuple[str | None, str]]:
        return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path))}

    committed = entries(ROOT / app / "locale/vi/LC_MESSAGES/django.po")
    assert entries(copy / "locale/vi/LC_MESSAGES/django.po") - committed == set()
