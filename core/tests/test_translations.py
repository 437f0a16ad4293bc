"""The Lao catalogue is complete: every message in the code and templates has a Lao translation."""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "lo" / "LC_MESSAGES" / "django.po"


def gettext_tool(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def test_it_has_a_lao_translation_for_every_message(tmp_path, monkeypatch):
    # Extract the messages afresh into a copy of the catalogue: a message added to the code since the
    # last makemessages shows up there untranslated (or fuzzy), so it is caught too. makemessages
    # writes to the `locale` folder beside the sources it reads, so it reads them through links in a
    # folder of the test's own; the project's catalogue is left as it is.
    copy = tmp_path / "locale" / "lo" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    shutil.copy(CATALOGUE, copy)
    sources = tmp_path / "sources"
    sources.mkdir()
    for entry in Path(settings.BASE_DIR).iterdir():
        if entry.name not in {"locale", "var", "node_modules"} and not entry.name.startswith("."):
            (sources / entry.name).symlink_to(entry)
    monkeypatch.chdir(sources)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command(
            "makemessages",
            locale=["lo"],
            no_obsolete=True,
            symlinks=True,
            verbosity=0,
            ignore_patterns=["bench/*", "docs/*", "tools/*", "*/tests/*", "conftest.py"],
        )
    untranslated = gettext_tool("msgattrib", "--untranslated", "--no-obsolete", str(copy))
    fuzzy = gettext_tool("msgattrib", "--only-fuzzy", "--no-obsolete", str(copy))
    # msgattrib prints nothing when no entry matches (the header is translated).
    assert untranslated == "", "Messages without a Lao translation:\n" + untranslated
    assert fuzzy == "", "Fuzzy Lao translations (check them and remove the fuzzy flag):\n" + fuzzy
