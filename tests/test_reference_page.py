"""The reference page at `/`: a page of its own origin's files, under the site's policy.

What it shows is tested in Chromium (tests/browser/test_reference_page.py).
"""

import re

from django.contrib import admin


def test_the_root_serves_the_reference_page_without_inline_script(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/core/reference.js" defer>']
    assert '<link rel="stylesheet" href="/static/core/reference.css">' in html
    assert "http" not in html.replace("http-equiv", "")  # nothing from another origin
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]


def test_the_admins_view_site_link_leads_to_it():
    assert admin.site.site_url == "/"
