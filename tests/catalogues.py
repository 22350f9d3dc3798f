"""A pytest plugin (`-p tests.catalogues` in pyproject.toml) that compiles the translation
catalogues that are stale, as `make messages` does, for a run started without make.

It runs before pytest-django sets Django up: setting up reads each catalogue once, and Python's
gettext keeps what it read for the whole process, so a catalogue compiled later would go unseen.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    for po in sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        if shutil.which("msgfmt") is None:
            raise pytest.UsageError("msgfmt is needed to compile the translations: apt-get install gettext")
        subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)
