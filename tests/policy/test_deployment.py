"""Check when the portal may start, and which address the links in its messages use."""

from __future__ import annotations

import pytest

from portal.policy.deployment import (
    DEVELOPMENT_BASE_URL,
    base_url_refusal,
    is_production,
    link_base,
)


@pytest.mark.parametrize(("env_name", "production"), [
    ("production", True), ("Production ", True), ("development", False), ("", False),
    (None, False), ("prod", False), (1, False),
])
def test_only_portal_env_production_is_production_mode(env_name, production) -> None:
    assert is_production(env_name) is production


@pytest.mark.parametrize("missing", [None, "", "   "])
def test_production_refuses_to_start_without_the_public_address(missing) -> None:
    refusal = base_url_refusal(missing, production=True)
    assert refusal is not None
    assert "PORTAL_PUBLIC_BASE_URL is not set" in refusal
    assert "https://iap.toronto.ca" in refusal  # says what to write, not only what is wrong


@pytest.mark.parametrize("missing", [None, ""])
def test_development_starts_without_a_public_address(missing) -> None:
    assert base_url_refusal(missing, production=False) is None


@pytest.mark.parametrize("good", [
    "https://iap.toronto.ca", "https://iap.toronto.ca/", "http://127.0.0.1:5077",
    "https://www.toronto.ca/iap", "HTTPS://IAP.TORONTO.CA", "http://[::1]:8000",
])
def test_a_whole_http_address_is_accepted_in_either_mode(good) -> None:
    assert base_url_refusal(good, production=True) is None
    assert base_url_refusal(good, production=False) is None


@pytest.mark.parametrize("bad", [
    "iap.toronto.ca", "127.0.0.1:5077", "ftp://iap.toronto.ca", "https://",
    "https://iap.toronto.ca/?next=1", "https://iap.toronto.ca/#top", "/relative/path",
    "https://user@iap.toronto.ca",
])
def test_an_address_links_cannot_be_built_on_is_refused_in_either_mode(bad) -> None:
    for production in (True, False):
        refusal = base_url_refusal(bad, production=production)
        assert refusal is not None and repr(bad) in refusal


def test_the_configured_address_wins_over_the_one_the_request_came_in_on() -> None:
    assert link_base("https://iap.toronto.ca/", "http://127.0.0.1:5077/") == (
        "https://iap.toronto.ca")


def test_without_one_links_follow_the_address_the_portal_was_reached_at() -> None:
    assert link_base(None, "http://127.0.0.1:5077/") == "http://127.0.0.1:5077"
    assert link_base("", None) == DEVELOPMENT_BASE_URL
