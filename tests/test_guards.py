"""Every route but the public ones is guarded by a decorator of ``portal.access``.

``signed_in`` (a visitor is sent to sign in) or ``roles_required`` (then 403 for the other
roles); the view loads its object through a loader that answers 404 or 403 the same way
everywhere. A route added without a guard, and not listed here as public, fails.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

PUBLIC = frozenset({
    # The site's own: the start page, the health check, the icon and the assets.
    "static", "main.home", "main.health", "main.favicon",
    # The header's language button: a visitor chooses too.
    "main.choose_language",
    # The published registry, and its open data.
    "public_registry.index", "public_registry.json", "public_registry.csv",
    "public_registry.data_dictionary", "public_registry.dictionary_page",
    "public_registry.package",
    # The read API's document and its public registry (the rest needs a token).
    "api.openapi", "api.agreements",
    # Signing in, registering, and the links people are emailed (the token is the guard).
    "auth.login", "auth.logout", "auth.register", "auth.register_details",
    "auth.forgot_password", "auth.reset_password", "auth.confirm_email",
    "auth.accept_invitation", "auth.oidc_login", "auth.oidc_callback",
})


def guarded(view: Any) -> bool:
    """Return whether a guard of ``portal.access`` wraps ``view``."""
    while view is not None:
        if getattr(view, "guarded", False):
            return True
        view = getattr(view, "__wrapped__", None)
    return False


def test_every_route_but_the_public_ones_is_guarded(app: Flask):
    unguarded = {endpoint for endpoint, view in app.view_functions.items()
                 if not guarded(view)}
    assert unguarded == PUBLIC


def test_a_visitor_is_sent_to_sign_in_from_a_document_and_from_a_review_action(
        client, make_city_user):
    from tests.factories import submitted_request

    req = submitted_request(make_city_user())
    token = client.token_from("/login")  # a visitor's own, valid token: the guard answers
    for url, post in ((f"/requests/{req.id}/documents/{req.documents[0].id}", False),
                      (f"/review/requests/{req.id}/act/comment", True)):
        response = client.post(url, data={"csrf_token": token}) if post else client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login?next="), url
