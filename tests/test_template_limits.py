"""An administrator's template that would unpack or fill without bound is refused politely.

A zip bomb is refused at the file field; a loop bomb the upload check's sample terms miss
is stopped when a real request sets it off, and the reviewer reads why, never a 500.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from portal.policy.templates import TEMPLATE_MAX_UNPACKED_BYTES
from tests.conftest import login
from tests.forms import generate_draft
from tests.test_agreements import _template_with, approved_request, staff, switch, text  # noqa: F401

REQUIRED = ("Agreement with {{ counterpart_city }} signed by {{ signatory_name }}, "
            "{{ signatory_title }}, from {{ start_date_iso }} to {{ end_date_iso }}")


def test_a_template_that_unpacks_beyond_the_limit_is_refused_at_its_field(client, staff):
    login(client, staff["admin"].email)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/big.bin", b"\0" * (TEMPLATE_MAX_UNPACKED_BYTES + 1))
    response = client.submit("/admin/templates", {
        "category": "international_project", "template": (BytesIO(out.getvalue()), "t.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<a href="#template">The file unpacks to more than 64 MB' in page


def test_a_loop_bomb_real_terms_set_off_is_told_to_the_reviewer_not_a_500(
        client, make_city_user, staff):
    login(client, staff["admin"].email)
    bomb = ('{% if counterpart_city == "Porto" %}{% for a in range(5000) %}'
            '{% for b in range(5000) %}x{% endfor %}{% endfor %}{% endif %}')
    accepted = client.submit("/admin/templates", {
        "category": "international_project",
        "template": (BytesIO(_template_with(REQUIRED + bomb)), "bomb.docx")},
        content_type="multipart/form-data")
    assert accepted.status_code == 302  # the samples (Lisbon) never reach the loops
    # A replacement is an English template: Porto's English agreement is made from it.
    req = approved_request(make_city_user(email="rep@porto.example", city="Porto",
                                          country="PT"), staff)
    switch(client, staff["reviewer"])
    response = generate_draft(client, req.id)
    assert response.status_code == 409
    assert "The template could not be filled: its loops run more than 200,000 times" in \
        text(response)
    assert client.get(f"/requests/{req.id}/drafts/1").status_code == 404  # none was made
