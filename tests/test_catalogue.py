"""The French catalogue translates every string the code marks, with the same placeholders.

The strings are extracted afresh from the source, as `make translations` does, so a string
added without its translation fails here rather than showing English on a French page.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
FRENCH = ROOT / "portal" / "translations" / "fr_CA" / "LC_MESSAGES" / "messages.po"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory):
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "N_", "-k", "P_",
                    "-k", "NP_:1,2", "-o", str(pot),
                    "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def french():
    with FRENCH.open("rb") as handle:
        return read_po(handle, locale="fr_CA")


def test_every_marked_string_has_a_french_translation(template, french):
    missing = []
    for message in template:
        if not message.id:
            continue
        found = french.get(message.id, message.context)
        if found is None or not found.string or found.fuzzy or (
                isinstance(found.string, tuple) and not all(found.string)):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert missing == []


def test_every_translation_keeps_its_placeholders(french):
    problems = [(message.id, [str(e) for e in errors])
                for message, errors in french.check() if errors]
    assert problems == []


def test_gettexts_own_count_finds_nothing_untranslated_or_fuzzy(tmp_path):
    """``msgfmt --statistics`` (GNU gettext, as translators check a catalogue) says all done."""
    checked = subprocess.run(["msgfmt", "--statistics", "--check-format", "-o",
                              str(tmp_path / "messages.mo"), str(FRENCH)],
                             capture_output=True, text=True, check=False)
    said = checked.stderr.strip()
    assert checked.returncode == 0, said
    assert said.endswith("translated messages."), said  # "N translated messages." only
    assert "fuzzy" not in said and "untranslated" not in said, said
