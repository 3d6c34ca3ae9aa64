"""A French-speaking counterpart's text is asked, and confirmed, in French too.

Its agreement is bilingual; no one else is asked, and no one else may read or write that
French text.
"""

from __future__ import annotations

from html import escape

from sqlalchemy import select

from portal.extensions import db
from portal.models import AgreementDraft, EngagementRequest
from tests import test_agreements
from tests.conftest import login
from tests.factories import complete_request
from tests.forms import details_values
from tests.journeys import CITY_PAGES, FRENCH_TEXT, answer, start_request
from tests.test_agreements import approved_request, document_text, text
from tests.test_bad_input import error_summary

staff = test_agreements.staff


def stored(request_id: int) -> EngagementRequest:
    db.session.expire_all()
    return db.session.get(EngagementRequest, request_id)


def test_lyon_is_asked_its_text_in_french_on_a_page_of_its_own(client, make_city_user):
    make_city_user()
    login(client, "rep@lyon.example")
    request_id = start_request(client)
    tasks = text(client.get(f"/requests/{request_id}"))
    assert "The agreement's words in French" in tasks
    # After the purpose page, the French page comes next.
    moved = answer(client, request_id, "purpose", dict(CITY_PAGES[2][1]))
    assert moved.headers["Location"].endswith(f"/requests/{request_id}/purpose-fr")
    page = client.get(f"/requests/{request_id}/purpose-fr").get_data(as_text=True)
    assert "written in English and in French" in page
    assert 'id="title_fr" name="title_fr" type="text" value="" lang="fr"' in page
    assert 'id="objectives_fr" name="objectives_fr" rows="5" lang="fr"' in page


def test_porto_is_not_asked_anything_in_french(client, make_city_user):
    make_city_user(email="rep@porto.example", city="Porto", country="PT")
    login(client, "rep@porto.example")
    request_id = start_request(client)
    assert "in French" not in text(client.get(f"/requests/{request_id}"))
    moved = answer(client, request_id, "purpose", dict(CITY_PAGES[2][1]))
    assert moved.headers["Location"].endswith(f"/requests/{request_id}/areas")
    assert client.get(f"/requests/{request_id}/purpose-fr").status_code == 404
    refused = answer(client, request_id, "purpose-fr", FRENCH_TEXT)
    assert refused.status_code == 404
    assert stored(request_id).title_fr == ""


def test_a_missing_french_answer_is_told_at_its_field_and_the_others_are_kept(
        client, make_city_user):
    make_city_user()
    login(client, "rep@lyon.example")
    request_id = start_request(client)
    typed = {**FRENCH_TEXT, "objectives_fr": "", "title_fr": "Fêtes & lumières <2027>"}
    response = answer(client, request_id, "purpose-fr", typed)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<a href="#objectives_fr">Enter the objectives in French</a>' in error_summary(page)
    assert escape("Fêtes & lumières <2027>") in page  # what was typed is kept, escaped
    assert "Résidence à Lyon" in page
    req = stored(request_id)
    assert req.title_fr == "Fêtes & lumières <2027>" and req.objectives_fr == ""
    assert req.activities_fr == FRENCH_TEXT["activities_fr"]


def test_check_answers_lists_the_french_text_with_links_to_change_it(client, make_city_user):
    city = make_city_user()
    req = complete_request(city)
    db.session.commit()
    login(client, "rep@lyon.example")
    page = client.get(f"/requests/{req.id}/check").get_data(as_text=True)
    assert "Title in French" in page and "Échange sur les fêtes des lumières" in page
    for field in ("title_fr", "objectives_fr", "activities_fr", "outcomes_fr"):
        assert f"/requests/{req.id}/purpose-fr?return=check#{field}" in page, field


def test_the_reviewer_confirms_and_corrects_the_french_and_the_draft_says_it(
        client, make_city_user, staff):
    req = approved_request(make_city_user(), staff)
    login(client, staff["reviewer"].email)
    shown = details_values(client, req.id)
    assert shown["title_fr"] == "Échange sur les fêtes des lumières"
    assert shown["objectives_fr"] == "Échanger des concepteurs"
    assert shown["outcomes_fr"].startswith("Concepteurs échangés")
    corrected = {**shown, "title_fr": "Échange Toronto–Lyon des fêtes des lumières",
                 "activities_fr": "Résidence d'artistes à Toronto\nRésidence à Lyon"}
    assert client.post(f"/review/requests/{req.id}/drafts", data=corrected).status_code == 302
    [draft] = db.session.scalars(select(AgreementDraft)).all()
    assert draft.terms["draft_language"] == "en-fr"
    assert draft.terms["title_fr"] == "Échange Toronto–Lyon des fêtes des lumières"
    assert draft.terms["activities_fr"] == ["Résidence d'artistes à Toronto",
                                            "Résidence à Lyon"]
    body = document_text(client.get(f"/requests/{req.id}/drafts/1").data)
    assert "Échange Toronto–Lyon des fêtes des lumières" in body
    assert "Résidence d'artistes à Toronto" in body
    assert "Festival of lights exchange" in body  # and the English version beside it
    # The next version starts from what was confirmed, not from the request.
    again = details_values(client, req.id)
    assert again["title_fr"] == "Échange Toronto–Lyon des fêtes des lumières"


def test_the_reviewer_corrects_the_english_words_too_and_both_versions_say_theirs(
        client, make_city_user, staff):
    req = approved_request(make_city_user(), staff)
    login(client, staff["reviewer"].email)
    shown = details_values(client, req.id)
    assert shown["title"] == "Festival of lights exchange"
    assert shown["activities"] and shown["outcomes"]
    corrected = {**shown, "title": "Toronto–Lyon festival of lights exchange",
                 "activities": "Artists' residency in Toronto\nResidency in Lyon",
                 "outcomes": "Designers exchanged: designers hosted, target 6 by 2029",
                 "title_fr": "Échange Toronto–Lyon des fêtes des lumières"}
    assert client.post(f"/review/requests/{req.id}/drafts", data=corrected).status_code == 302
    [draft] = db.session.scalars(select(AgreementDraft)).all()
    assert draft.terms["title"] == "Toronto–Lyon festival of lights exchange"
    assert draft.terms["activities"] == ["Artists' residency in Toronto", "Residency in Lyon"]
    body = document_text(client.get(f"/requests/{req.id}/drafts/1").data)
    for said in ("Toronto–Lyon festival of lights exchange", "Artists' residency in Toronto",
                 "Designers exchanged: designers hosted, target 6 by 2029",
                 "Échange Toronto–Lyon des fêtes des lumières"):
        assert said in body
    # Left empty, the English title is refused at its field; the rest is kept.
    page = client.post(f"/review/requests/{req.id}/drafts", data={**corrected, "title": ""})
    assert page.status_code == 400
    assert '<a href="#title">Enter the title</a>' in error_summary(page.get_data(as_text=True))
    assert "Artists' residency in Toronto" in text(page)


def test_the_reviewer_must_give_the_french_text_of_a_bilingual_agreement(
        client, make_city_user, staff):
    req = approved_request(make_city_user(), staff)
    login(client, staff["reviewer"].email)
    emptied = {**details_values(client, req.id), "outcomes_fr": "  "}
    response = client.post(f"/review/requests/{req.id}/drafts", data=emptied)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<a href="#outcomes_fr">Enter the outcomes in French</a>' in error_summary(page)
    assert "Échange sur les fêtes des lumières" in page  # the rest is kept
    assert db.session.scalars(select(AgreementDraft)).all() == []


def test_an_english_agreement_has_no_french_fields_to_confirm(client, make_city_user, staff):
    city = make_city_user(email="rep@porto.example", city="Porto", country="PT")
    req = approved_request(city, staff, counterpart_legal_name="Município do Porto")
    login(client, staff["reviewer"].email)
    shown = details_values(client, req.id)
    assert "title_fr" not in shown
    assert client.post(f"/review/requests/{req.id}/drafts", data=shown).status_code == 302
    [draft] = db.session.scalars(select(AgreementDraft)).all()
    assert draft.filename.endswith("_Porto_v1.docx")
    assert "Version française" not in document_text(draft.content)


def test_another_city_and_an_unverified_claimant_cannot_read_or_write_the_french_text(
        client, make_city_user, staff):
    lyon = make_city_user()
    req = complete_request(lyon)
    db.session.commit()
    make_city_user(email="rep@porto.example", city="Porto", country="PT")
    make_city_user(email="claims@lyon.example", verified=False)
    for attacker in ("rep@porto.example", "claims@lyon.example"):
        login(client, attacker)
        seen = client.get(f"/requests/{req.id}/purpose-fr")
        assert seen.status_code in (403, 404), attacker
        assert "Échange sur les fêtes" not in seen.get_data(as_text=True)
        written = client.post(f"/requests/{req.id}/purpose-fr",
                              data={**FRENCH_TEXT, "title_fr": "Piraté"})
        assert written.status_code in (400, 403, 404), attacker
        assert client.get(f"/review/requests/{req.id}/drafts/new").status_code in (403, 404)
        client.submit("/logout", page="/")
    assert stored(req.id).title_fr == "Échange sur les fêtes des lumières"


def test_a_replaced_english_template_leaves_the_bilingual_draft_its_own(
        client, make_city_user, staff):
    from io import BytesIO

    from tests.docgen.factories import template_with

    login(client, staff["admin"].email)
    replaced = client.submit("/admin/templates", {
        "category": "international_project",
        "template": (BytesIO(template_with(
            "Agreement with {{ counterpart_city }} signed by {{ signatory_name }}, "
            "{{ signatory_title }}, from {{ start_date_iso }} to {{ end_date_iso }}")),
            "plain.docx")}, content_type="multipart/form-data")
    assert replaced.status_code == 302
    req = approved_request(make_city_user(), staff)
    client.submit("/logout", page="/")
    login(client, staff["reviewer"].email)
    assert client.post(f"/review/requests/{req.id}/drafts",
                       data=details_values(client, req.id)).status_code == 302
    body = document_text(client.get(f"/requests/{req.id}/drafts/1").data)
    assert "Version française" in body and "Agreement with Lyon signed by" not in body
