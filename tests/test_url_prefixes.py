"""Each blueprint owns one URL prefix, and each URL has one owner, read from the URL map.

"One prefix" means: a blueprint declares its ``url_prefix`` and every rule it serves is that
prefix, continues it after a "/", or is it with a format suffix (``/review/requests.csv``).
"One owner" means: a URL belongs to the blueprint whose prefix is the longest that covers it,
so a nested prefix (``/admin/settings`` in ``/admin``) takes its part of the space whole.

Two blueprints keep the root, each owning whole top-level names that no prefix covers:
``main`` the site's own (``/``, ``/healthz``, ``/favicon.ico``), and ``auth`` the sign-in
page and the account addresses people hold in their mailboxes (``/login``,
``/confirm/<token>``, ``/password/reset/<token>``, ``/invitation/<token>``...): moving
those would break every link already sent.
"""

from __future__ import annotations

from flask import Flask

ROOT_BLUEPRINTS = frozenset({"main", "auth"})


def under(rule: str, prefix: str) -> bool:
    """Return whether ``rule`` is ``prefix``, continues it, or is a format of it."""
    return rule == prefix or rule.startswith((prefix + "/", prefix + "."))


def first_name(rule: str) -> str:
    """Return a rule's first path segment ("" for the root)."""
    return rule.lstrip("/").split("/")[0]


def prefixes(app: Flask) -> dict[str, str]:
    """Return {blueprint: its url_prefix} for every blueprint but the root ones."""
    return {name: bp.url_prefix or "" for name, bp in app.blueprints.items()
            if name not in ROOT_BLUEPRINTS}


def rules(app: Flask) -> list[tuple[str, str]]:
    """Return (blueprint, rule) for every rule a blueprint serves."""
    return [(rule.endpoint.rpartition(".")[0], rule.rule) for rule in app.url_map.iter_rules()
            if "." in rule.endpoint]


def test_every_blueprint_but_the_root_ones_declares_its_own_prefix(app):
    declared = prefixes(app)
    assert all(declared.values()), {n: p for n, p in declared.items() if not p}
    assert len(set(declared.values())) == len(declared), "two blueprints share a prefix"
    assert {name for name, bp in app.blueprints.items() if not bp.url_prefix} == (
        ROOT_BLUEPRINTS)


def test_every_rule_of_a_blueprint_lies_under_its_prefix(app):
    declared = prefixes(app)
    outside = [(name, rule) for name, rule in rules(app)
               if name in declared and not under(rule, declared[name])]
    assert outside == []


def test_every_url_belongs_to_the_blueprint_with_the_longest_prefix_covering_it(app):
    declared = prefixes(app)
    owners = {}
    for name, rule in rules(app):
        covering = [(len(prefix), owner) for owner, prefix in declared.items()
                    if under(rule, prefix)]
        owners[rule] = (name, max(covering)[1] if covering else None)
    assert {rule: found for rule, found in owners.items()
            if found[1] is not None and found[0] != found[1]} == {}


def test_the_root_blueprints_own_whole_top_level_names_no_prefix_covers(app):
    taken = {first_name(prefix) for prefix in prefixes(app).values()}
    owner_of: dict[str, set[str]] = {}
    for name, rule in rules(app):
        if name in ROOT_BLUEPRINTS:
            assert first_name(rule) not in taken, rule
            owner_of.setdefault(first_name(rule), set()).add(name)
    assert {top: names for top, names in owner_of.items() if len(names) > 1} == {}
    assert set(owner_of) >= {"", "healthz", "favicon.ico", "login", "logout"}


def test_a_rule_outside_every_prefix_is_a_root_blueprints(app):
    declared = prefixes(app)
    stray = [(name, rule) for name, rule in rules(app) if name not in ROOT_BLUEPRINTS
             and not any(under(rule, prefix) for prefix in declared.values())]
    assert stray == []
