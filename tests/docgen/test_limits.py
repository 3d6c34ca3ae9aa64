"""A template cannot run a worker out of time or memory, nor unpack beyond a fixed size.

Each bomb hides behind a condition the upload check's sample terms (Lisbon) never meet, so
the check accepts the template and only real terms (Paris) set it off, as an administrator
trying to slip one past the check would arrange.
"""

from __future__ import annotations

import time
import zipfile
from io import BytesIO

import pytest

from docgen import TemplateRefused, check_template, render_agreement
from docgen.archive import template_unpack_problem
from portal.policy.templates import (
    TEMPLATE_MAX_ENTRIES,
    TEMPLATE_MAX_UNPACKED_BYTES,
    unpack_problem,
)

from .factories import make_terms, template_with

REQUIRED = ("{{ counterpart_city }} {{ signatory_name }} {{ signatory_title }} "
            "{{ start_date_long }} {{ end_date_long }}")

BOMBS = {
    "range": "{% for i in range(10**9) %}x{% endfor %}",
    "nested loops": "{% for a in range(5000) %}{% for b in range(5000) %}x{% endfor %}"
                    "{% endfor %}",
    "nested loops, no output": "{% for a in range(5000) %}{% for b in range(5000) %}"
                               "{% endfor %}{% endfor %}",
    "string multiplication": "{{ 'x' * 10**9 }}",
    "repeated list": "{% for c in objectives * 100000000 %}{% endfor %}",
    "padding": "{{ 'x'.ljust(10**9) }}",
    "format width": "{{ '%999999999s' % 'x' }}",
    "format filter": "{{ '%999999999s'|format('x') }}",
    "power": "{{ 10 ** (10 ** 10) }}",
}


def hidden(bomb: str) -> bytes:
    return template_with(REQUIRED,
                         '{% if counterpart_city == "Paris" %}' + bomb + "{% endif %}")


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=BOMBS.keys())
def test_a_bomb_the_samples_miss_is_stopped_quickly_when_real_terms_set_it_off(bomb):
    template = hidden(bomb)
    assert check_template(template) == []  # the samples never reach it
    started = time.monotonic()
    with pytest.raises(TemplateRefused, match="The template could not be filled: it"):
        render_agreement(make_terms(counterpart_city="Paris"), template)
    assert time.monotonic() - started < 10
    # The same template still fills for terms that do not set it off.
    assert render_agreement(make_terms(), template)


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=BOMBS.keys())
def test_a_bomb_in_plain_sight_is_refused_at_upload(bomb):
    problems = check_template(template_with(REQUIRED, bomb))
    assert problems and "could not be filled" in problems[0]


def test_ordinary_loops_and_ranges_still_fill():
    template = template_with(REQUIRED, "{% for i in range(3) %}[{{ i }}]{% endfor %}",
                             "{% for o in objectives %}{{ loop.index }}. {{ o }}{% endfor %}",
                             "{{ '-' * 20 }} {{ '%5s' % 'ab' }}")
    assert check_template(template) == []
    assert render_agreement(make_terms(), template)


def _zip(entries: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_template_that_unpacks_beyond_the_limit_is_refused():
    bomb = _zip({"word/media/big.bin": b"\0" * (TEMPLATE_MAX_UNPACKED_BYTES + 1)})
    assert len(bomb) < 1024 * 1024  # small on the wire, huge unpacked
    assert "unpacks to more than 64 MB" in template_unpack_problem(bomb)
    assert "unpacks to more than 64 MB" in check_template(bomb)[0]


def test_sizes_that_lie_in_the_headers_are_not_trusted():
    bomb = bytearray(_zip({"a.bin": b"\0" * (TEMPLATE_MAX_UNPACKED_BYTES + 1)}))
    real = (TEMPLATE_MAX_UNPACKED_BYTES + 1).to_bytes(4, "little")
    # Claim 1 byte unpacked, in the local header and in the central directory.
    assert bytes(bomb).count(real) == 2
    forged = bytes(bomb).replace(real, (1).to_bytes(4, "little"))
    problem = template_unpack_problem(forged)
    # Either the bounded read stops it, or the archive is unreadable; never accepted as is.
    assert problem is not None or check_template(forged) != []


def test_a_packaged_template_is_within_every_limit():
    from docgen import packaged_template

    assert template_unpack_problem(packaged_template("partnership_city")) is None
    assert template_unpack_problem(b"not a zip") is None  # the Word check's business


def test_the_policy_refuses_too_many_parts_or_too_many_bytes():
    assert unpack_problem(TEMPLATE_MAX_ENTRIES, TEMPLATE_MAX_UNPACKED_BYTES) is None
    assert "more than 1000 parts" in unpack_problem(TEMPLATE_MAX_ENTRIES + 1, 0)
    assert "more than 64 MB" in unpack_problem(1, TEMPLATE_MAX_UNPACKED_BYTES + 1)
