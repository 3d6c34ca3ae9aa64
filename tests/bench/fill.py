"""Fill a fresh database with synthetic but realistic requests, in bulk.

Requests are inserted with SQLAlchemy Core ``insert()`` in chunks (executemany), with their
ids given here so that their scores, timeline, documents, drafts and agreements can point to
them without reading anything back. Each request follows a path through the state machine
that ends in its status, so its timeline reads as a real one; its scores are the policy's
own proposals for one of a few dozen answer profiles, so totals and bands are real too.

``prepare`` builds the schema and the people; ``grow`` adds requests until there are as many
as asked; ``add_submission_drafts`` adds complete drafts for the submission benchmark.
"""

from __future__ import annotations

import hashlib
import os
import random
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pycountry
from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ProgrammingError
from werkzeug.security import generate_password_hash

from portal.extensions import db
from portal.models._types import utcnow
from portal.models.cities import fold_name
from portal.policy.agreements import AgreementStatus
from portal.policy.answers import Origin, Outcome, RequestAnswers
from portal.policy.areas import AREAS_OF_COOPERATION
from portal.policy.categories import NOT_SURE, Category, agreement_end_date
from portal.policy.counterparts import GovernmentKind
from portal.policy.lifecycle import Action, Status
from portal.policy.risk import DEFAULT_CONSULTATION_COUNTRIES
from portal.policy.roles import SigningOffice
from portal.policy.rubric import Rubric
from portal.policy.scoring import ScoreSheet, band, propose_scores, total_percent

PASSWORD = "bench-password-2026"
BENCH_CITY = ("Aveiro", "PT")
"""The city whose representative submits during the load; it has no agreement yet."""
CHUNK = 2_000
"""Requests generated and inserted per round (their children go in the same round)."""
YEARS_OF_HISTORY = 10
PROFILES = 48

# How requests end up, in percent of the submitted ones: most are long decided.
STATUS_SHARES: tuple[tuple[Status, float], ...] = (
    (Status.SUBMITTED, 3), (Status.IN_TRIAGE, 3), (Status.INFORMATION_REQUESTED, 2),
    (Status.IN_REVIEW, 5), (Status.RECOMMENDED, 2), (Status.APPROVED, 1),
    (Status.AGREEMENT_DRAFTED, 0.5), (Status.APPROVED_AS_TO_FORM, 0.5),
    (Status.SIGNED, 8), (Status.DECLINED, 40), (Status.WITHDRAWN, 35),
)
DRAFT_SHARE = 0.03
OPEN = {Status.SUBMITTED, Status.IN_TRIAGE, Status.INFORMATION_REQUESTED, Status.IN_REVIEW,
        Status.RECOMMENDED, Status.APPROVED, Status.AGREEMENT_DRAFTED,
        Status.APPROVED_AS_TO_FORM}
DRAFTED = {Status.AGREEMENT_DRAFTED, Status.APPROVED_AS_TO_FORM, Status.SIGNED}

_S = Status
# The path each final status is reached by (after "created" and "submit").
PATHS: dict[Status, tuple[tuple[Action, Status], ...]] = {
    _S.SUBMITTED: (),
    _S.IN_TRIAGE: ((Action.START_TRIAGE, _S.IN_TRIAGE),),
    _S.INFORMATION_REQUESTED: ((Action.START_TRIAGE, _S.IN_TRIAGE),
                               (Action.REQUEST_INFORMATION, _S.INFORMATION_REQUESTED)),
    _S.IN_REVIEW: ((Action.START_TRIAGE, _S.IN_TRIAGE), (Action.START_REVIEW, _S.IN_REVIEW)),
    _S.RECOMMENDED: ((Action.START_TRIAGE, _S.IN_TRIAGE), (Action.START_REVIEW, _S.IN_REVIEW),
                     (Action.RECOMMEND, _S.RECOMMENDED)),
    _S.DECLINED: ((Action.START_TRIAGE, _S.IN_TRIAGE), (Action.START_REVIEW, _S.IN_REVIEW),
                  (Action.DECLINE, _S.DECLINED)),
    _S.WITHDRAWN: ((Action.START_TRIAGE, _S.IN_TRIAGE), (Action.WITHDRAW, _S.WITHDRAWN)),
}
_APPROVAL = ((Action.START_TRIAGE, _S.IN_TRIAGE), (Action.START_REVIEW, _S.IN_REVIEW),
             (Action.RECOMMEND, _S.RECOMMENDED), (Action.APPROVE, _S.APPROVED))
PATHS[_S.APPROVED] = _APPROVAL
PATHS[_S.AGREEMENT_DRAFTED] = (*_APPROVAL, (Action.DRAFT_AGREEMENT, _S.AGREEMENT_DRAFTED))
PATHS[_S.APPROVED_AS_TO_FORM] = (*PATHS[_S.AGREEMENT_DRAFTED],
                                 (Action.APPROVE_AS_TO_FORM, _S.APPROVED_AS_TO_FORM))
PATHS[_S.SIGNED] = (*PATHS[_S.APPROVED_AS_TO_FORM], (Action.RECORD_SIGNATURE, _S.SIGNED))
SUBMITTER_ACTIONS = {Action.SUBMIT, Action.WITHDRAW, Action.ANSWER}

_WORDS = (
    "the", "city", "exchange", "of", "practice", "between", "our", "two", "governments", "on",
    "climate", "resilience", "transit", "housing", "culture", "youth", "and", "a", "joint",
    "programme", "with", "measurable", "results", "for", "residents", "business", "delegations",
    "will", "share", "expertise", "in", "planning", "public", "health", "innovation", "water",
    "community", "partners", "annual", "forum", "training", "technical", "visits", "data",
)
_SYLLABLES = ("val", "mor", "kas", "lun", "bel", "tor", "san", "nor", "ari", "esk", "zar", "ost",
              "bra", "lin", "cor", "dal", "mira", "seo", "tala", "vren", "quel", "ibi", "rhu")
_ENDINGS = ("ville", "burg", "grad", "polis", "mora", "stad", "haven", "ton", "sk", "ia", "ano",
            "ec", "ova", "ire", "um")
_TOPICS = ("climate resilience", "transit planning", "cultural exchange", "youth employment",
           "public health", "affordable housing", "technology", "water management",
           "tourism", "film and music", "emergency management", "urban forestry")
_KINDS = ("exchange", "partnership", "project", "programme", "collaboration", "initiative")

_PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n"
        b"<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")


def _pdf(n: int) -> bytes:
    """Return a small valid-looking PDF of about 1.5 kB, distinct per ``n``."""
    body = f"% letter {n} ".encode() + b"x" * 1400 + b"\n"
    return _PDF + body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


@dataclass
class People:
    """The accounts and reference rows the synthetic requests point to."""

    reviewers: list[int]
    signing_authority: int
    solicitor: int
    admin: int
    city_reps: list[tuple[int, int]]  # (user id, city id)
    division_staff: dict[int, int]  # division id -> user id
    divisions: list[tuple[int, str]]  # (division id, name)
    cities: list[tuple[int, str, str]]  # (city id, name, country code)
    rubric_version_id: int
    rubric: Rubric
    bench_submitter: int
    bench_city: int
    reviewer_email: str
    submitter_email: str
    template_docx: dict[str, bytes] = field(default_factory=dict)
    city_names: dict[int, tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Index the cities' names and countries by id."""
        self.city_names = {cid: (name, code) for cid, name, code in self.cities}


@dataclass(frozen=True)
class Profile:
    """One way a request may be answered: its texts and the scores they earn."""

    texts: dict[str, Any]
    outcomes: tuple[tuple[str, str, str], ...]
    totals: dict[str | None, tuple[float, str]]
    sheet: ScoreSheet


def _sentence(rng: random.Random, words: int) -> str:
    if words <= 0:
        return ""
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[:1].upper() + text[1:] + "."


def _city_name(rng: random.Random) -> str:
    parts = [rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 2))]
    return ("".join(parts) + rng.choice(_ENDINGS)).capitalize()


def _countries(rng: random.Random) -> list[str]:
    codes = sorted(c.alpha_2 for c in pycountry.countries)
    chosen = rng.sample([c for c in codes if c not in DEFAULT_CONSULTATION_COUNTRIES], 110)
    # A few counterparts in countries needing federal consultation, as in real life.
    return chosen + sorted(DEFAULT_CONSULTATION_COUNTRIES)[:3]


def _profiles(rng: random.Random, rubric: Rubric) -> list[Profile]:
    areas = list(AREAS_OF_COOPERATION)
    found = []
    for i in range(PROFILES):
        outcomes = tuple(
            (f"Outcome {n + 1}: {_sentence(rng, 6)}", f"Indicator {_sentence(rng, 4)}",
             f"{rng.randint(2, 40)} by {2027 + n}")
            for n in range(rng.randint(1, 3)))
        texts: dict[str, Any] = {
            "purpose": _sentence(rng, rng.randint(20, 90)),
            "objectives": "\n".join(_sentence(rng, 10) for _ in range(rng.randint(1, 4))),
            "activities": "\n".join(_sentence(rng, 12) for _ in range(rng.randint(1, 4))),
            "areas": sorted(rng.sample(areas, rng.randint(1, 4))),
            "alignment": _sentence(rng, rng.choice((0, 8, 20, 50, 90))) or "Aligned.",
            "community_ties": _sentence(rng, rng.choice((3, 16, 45, 85))),
            "relationship_since": rng.choice((None, None, 1998, 2008, 2016, 2021)),
            "past_projects": "\n".join(_sentence(rng, 6) for _ in range(rng.randint(0, 3))),
            "anticipated_cost": Decimal(rng.choice((0, 5000, 20000, 75000, 250000, 1200000))),
            "funding_source": rng.choice(("Operating budget", "Federal grant",
                                          "Shared with the counterpart")),
            "staff_time": rng.choice(("Ten days", "Two staff for a year", "A week a month")),
            "counterpart_commitment": _sentence(rng, rng.choice((4, 18, 40))),
        }
        answers = RequestAnswers(
            origin=Origin.CITY if i % 3 else Origin.DIVISION,
            government_kind=GovernmentKind.CITY, term_years=2,
            outcomes=tuple(Outcome(*o) for o in outcomes), has_letter_of_intent=bool(i % 3),
            interest_confirmed=True, **{k: (tuple(v) if k == "areas" else v)
                                        for k, v in texts.items()})
        sheet = propose_scores(answers, rubric)
        totals: dict[str | None, tuple[float, str]] = {}
        for category in (None, *Category):
            percent = total_percent(sheet, rubric, category)
            totals[category.value if category else None] = (percent, band(percent, rubric).value)
        found.append(Profile(texts, outcomes, totals, sheet))
    return found


def _hash() -> str:
    # One hash for every synthetic account: hashing is slow on purpose, and not measured here.
    return generate_password_hash(PASSWORD)


def _tables() -> dict[str, Table]:
    return dict(db.metadata.tables)


def reset_schema() -> None:
    """Give the configured database an empty schema, built by the migrations."""
    from flask_migrate import upgrade

    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    upgrade()


def prepare(seed: int = 2026) -> People:
    """Build the schema, the reference data, the accounts and the counterpart cities."""
    from portal.assessment.services import newest_rubric_version, rubric_of
    from portal.seed.reference_data import ensure_reference_data

    reset_schema()
    ensure_reference_data()
    db.session.commit()
    rng = random.Random(seed)
    t = _tables()
    version = newest_rubric_version()
    rubric = rubric_of(version)
    divisions = [(d.id, d.name) for d in db.session.execute(
        select(t["division"].c.id, t["division"].c.name).order_by(t["division"].c.id))]
    # Every division has a head, so the draft of any approved request names a signatory
    # (the reference data leaves a few for the administrator to fill in).
    db.session.execute(t["division"].update().where(t["division"].c.head_name.is_(None))
                       .values(head_name="Alex Morgan", head_title="Director"))
    db.session.commit()
    now = utcnow()
    password = _hash()
    with db.engine.begin() as conn:
        cities = _insert_cities(conn, rng)
        # The bench city is kept out of the synthetic requests: it holds no agreement, so
        # its drafts pass the duplicate-agreement gate when the load submits them.
        bench_city = cities.pop()[0]
        city_ids = [c[0] for c in cities]
        users: list[dict[str, Any]] = []
        next_id = (conn.scalar(select(func.max(t["user"].c.id))) or 0) + 1

        def user(email: str, role: str, **extra: Any) -> int:
            nonlocal next_id
            row = {"id": next_id, "email": email, "password_hash": password,
                   "name": extra.pop("name", email.split("@")[0].title()),
                   "job_title": "Officer", "role": role, "signing_office": None,
                   "division_id": None, "city_id": None, "government_kind": None,
                   "active": True, "email_confirmed_at": now, "created_at": now, **extra}
            users.append(row)
            next_id += 1
            return int(row["id"])

        reviewers = [user(f"reviewer{i}@bench.example", "cco_reviewer",
                          name=f"Reviewer {chr(65 + i)}") for i in range(8)]
        signing = user("mayor@bench.example", "signing_authority",
                       signing_office=SigningOffice.MAYORS_OFFICE.value)
        solicitor = user("solicitor@bench.example", "solicitor")
        admin = user("admin@bench.example", "admin")
        reps = [(user(f"rep{i}@bench.example", "city", city_id=cid, government_kind="city"), cid)
                for i, cid in enumerate(rng.sample(city_ids, min(300, len(city_ids))))]
        staff = {did: user(f"staff.{did}@bench.example", "division_staff", division_id=did)
                 for did, _ in divisions}
        bench_rep = user("submitter@bench.example", "city", city_id=bench_city,
                         government_kind="city", name="Bench Submitter")
        conn.execute(t["user"].insert(), users)
    _reset_sequences()
    return People(
        reviewers=reviewers, signing_authority=signing, solicitor=solicitor, admin=admin,
        city_reps=reps, division_staff=staff, divisions=divisions, cities=cities,
        rubric_version_id=version.id, rubric=rubric, bench_submitter=bench_rep,
        bench_city=bench_city, reviewer_email="reviewer0@bench.example",
        submitter_email="submitter@bench.example", template_docx=_sample_drafts())


def _insert_cities(conn: Connection, rng: random.Random) -> list[tuple[int, str, str]]:
    t = _tables()["counterpart_city"]
    existing = {(r.folded_name, r.country_code) for r in conn.execute(
        select(t.c.folded_name, t.c.country_code))}
    next_id = (conn.scalar(select(func.max(t.c.id))) or 0) + 1
    countries = _countries(rng)
    rows = []
    while len(rows) < 2_500:
        name = _city_name(rng)
        code = rng.choice(countries)
        key = (fold_name(name), code)
        if key in existing:
            continue
        existing.add(key)
        rows.append({"id": next_id, "name": name, "folded_name": key[0], "country_code": code})
        next_id += 1
    name, code = BENCH_CITY
    rows.append({"id": next_id, "name": name, "folded_name": fold_name(name),
                 "country_code": code})
    conn.execute(t.insert(), rows)
    return [(r["id"], r["name"], r["country_code"]) for r in rows]


def _sample_drafts() -> dict[str, bytes]:
    """Return one real rendered draft per category, stored as the drafts' content."""
    import docgen

    drafts = {}
    for category in Category:
        terms = docgen.AgreementTerms(
            reference="IAP-2026-0001", version=1, category=category.value,
            counterpart_city="Valmora", counterpart_country="Portugal",
            start_date=date.today() + timedelta(days=60), term_years=2,
            title="Valmora climate resilience exchange", objectives=["Share practice."],
            activities=["Visits."], areas=["Culture"], outcomes=["Six designers hosted."],
            signatory_name="Olivia Chow", signatory_title="Mayor",
            counterpart_signatory_name="Ana Silva", counterpart_signatory_title="Mayor")
        drafts[category.value] = docgen.render_agreement(terms)
    return drafts


def _reset_sequences() -> None:
    """Point PostgreSQL's id sequences past the ids given here, so the app's inserts work."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.begin() as conn:
        for table in db.metadata.sorted_tables:
            if "id" not in table.c or not isinstance(table.c.id.type.python_type, type):
                continue
            if table.c.id.autoincrement is False:
                continue
            seq = conn.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"),
                              {"t": f'"{table.name}"'})
            if seq:
                conn.execute(text(
                    f'SELECT setval(:s, COALESCE((SELECT max(id) FROM "{table.name}"), 0) + 1, '
                    "false)"), {"s": seq})


class _Ids:
    """Hand out the next id of each table, continuing after what is stored."""

    def __init__(self, conn: Connection, names: Sequence[str]) -> None:
        t = _tables()
        self._next = {n: (conn.scalar(select(func.max(t[n].c.id))) or 0) + 1 for n in names}

    def take(self, name: str) -> int:
        value = self._next[name]
        self._next[name] = value + 1
        return value


CHILD_TABLES = ("engagement_request", "assessment", "criterion_score", "request_event",
                "document", "outcome", "agreement", "agreement_draft", "consultation")


@dataclass
class _Batch:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.rows[table].append(row)


def request_count() -> int:
    """Return how many requests the database holds (drafts included)."""
    return db.session.scalar(select(func.count()).select_from(
        _tables()["engagement_request"])) or 0


@dataclass
class GrowStats:
    """What one growth step added and how long it took."""

    added: int
    seconds: float
    rows: dict[str, int]


def grow(people: People, target: int, seed: int = 7) -> GrowStats:
    """Add synthetic requests (with their children) until the database holds ``target``."""
    start = time.perf_counter()
    have = request_count()
    rng = random.Random(seed + have)
    profiles = _profiles(random.Random(seed), people.rubric)
    counts: dict[str, int] = defaultdict(int)
    t = _tables()
    db.session.commit()
    with db.engine.begin() as conn:
        ids = _Ids(conn, CHILD_TABLES)
        counters = dict(conn.execute(select(t["reference_counter"].c.year,
                                            t["reference_counter"].c.last)).all())
        agreements = t["agreement"]
        active = {(city, category) for city, category in conn.execute(
            select(agreements.c.counterpart_city_id, agreements.c.category).where(
                agreements.c.status == AgreementStatus.ACTIVE.value))}
        remaining = target - have
        while remaining > 0:
            size = min(CHUNK, remaining)
            batch = _Batch()
            for _ in range(size):
                _one_request(batch, rng, people, profiles, ids, counters, active)
            for name in CHILD_TABLES:  # parents before children
                rows = batch.rows.get(name)
                if rows:
                    conn.execute(t[name].insert(), rows)
                    counts[name] += len(rows)
            remaining -= size
        conn.execute(t["reference_counter"].delete())
        conn.execute(t["reference_counter"].insert(),
                     [{"year": y, "last": n} for y, n in sorted(counters.items())])
    _reset_sequences()
    _analyze()
    return GrowStats(target - have, time.perf_counter() - start, dict(counts))


def _analyze() -> None:
    """Refresh the planner's statistics, as autovacuum would after a load in production.

    On PostgreSQL, VACUUM also marks the pages all-visible, which index-only scans need.
    """
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        return
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))


def settle() -> None:
    """Let the database come to rest after a bulk load, before anything is timed.

    SQLite's log is folded into the database file, PostgreSQL writes out the pages the
    load left dirty in its buffers (a checkpoint, which the load's volume of log would
    otherwise start while the pages are timed), and the kernel writes out what is left
    dirty; otherwise the first measurements pay for flushing a gigabyte to disk.
    """
    if db.engine.dialect.name == "sqlite":
        with db.engine.begin() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    else:
        try:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("CHECKPOINT"))
        except ProgrammingError:  # a role without pg_checkpoint: the server's own schedule
            pass
    os.sync()


def _status(rng: random.Random) -> Status:
    if rng.random() < DRAFT_SHARE:
        return Status.DRAFT
    roll = rng.uniform(0, sum(share for _, share in STATUS_SHARES))
    for status, share in STATUS_SHARES:
        roll -= share
        if roll <= 0:
            return status
    return Status.WITHDRAWN


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = max((end - start).total_seconds(), 1.0)
    return start + timedelta(seconds=rng.uniform(0, span))


def _one_request(batch: _Batch, rng: random.Random, people: People, profiles: list[Profile],
                 ids: _Ids, counters: dict[int, int], active: set[tuple[int, str]]) -> None:
    now = utcnow()
    status = _status(rng)
    profile = rng.choice(profiles)
    rid = ids.take("engagement_request")
    if rng.random() < 0.6:
        origin = "city"
        submitter, city_id = rng.choice(people.city_reps)
        sponsor = rng.choice(people.divisions)[0] if rng.random() < 0.4 else None
    else:
        origin = "division"
        sponsor = rng.choice(people.divisions)[0]
        submitter = people.division_staff[sponsor]
        city_id = rng.choice(people.cities)[0]
    category = (rng.choice((NOT_SURE, Category.PARTNERSHIP_CITY.value,
                            Category.INTERNATIONAL_PROJECT.value,
                            Category.INTERNATIONAL_PROJECT.value))
                if status in (Status.DRAFT, Status.SUBMITTED, Status.IN_TRIAGE)
                else rng.choice((Category.PARTNERSHIP_CITY.value,
                                 Category.INTERNATIONAL_PROJECT.value,
                                 Category.INTERNATIONAL_PROJECT.value)))
    term = rng.randint(1, 5 if category == Category.PARTNERSHIP_CITY.value else 3)
    if status is Status.DRAFT:
        created = now - timedelta(days=rng.uniform(0, 400))
        submitted_at = None
        changed = created
    elif status in OPEN:
        submitted_at = now - timedelta(days=rng.uniform(0.5, 150))
        changed = _between(rng, submitted_at, now)
        created = submitted_at - timedelta(days=rng.uniform(1, 40))
    else:
        submitted_at = now - timedelta(days=rng.uniform(60, 365 * YEARS_OF_HISTORY))
        changed = min(submitted_at + timedelta(days=rng.uniform(5, 150)), now)
        created = submitted_at - timedelta(days=rng.uniform(1, 60))
    reference = None
    if submitted_at is not None:
        year = submitted_at.year
        counters[year] = counters.get(year, 0) + 1
        reference = f"IAP-{year}-{counters[year]:04d}"
    start_date = (submitted_at or created).date() + timedelta(days=rng.randint(60, 240))
    if status is Status.SIGNED and agreement_end_date(start_date, term) >= date.today():
        # The duplicate-agreement gate: one active agreement per city and category, so a
        # request that would make a second one was declined instead.
        if (city_id, category) in active:
            status = Status.DECLINED
        else:
            active.add((city_id, category))
    topic = rng.choice(_TOPICS)
    texts = profile.texts
    assigned = status not in (Status.DRAFT, Status.SUBMITTED) and rng.random() < 0.85
    assignee = rng.choice(people.reviewers) if assigned else None
    batch.add("engagement_request", {
        "id": rid, "reference": reference, "origin": origin, "status": status.value,
        "submitter_id": submitter, "counterpart_city_id": city_id,
        "sponsoring_division_id": sponsor, "representative_name": "Ana Silva",
        "representative_title": "Director of International Relations",
        "government_kind": rng.choice(("city", "city", "municipality", "metropolitan")),
        "interest_confirmed": True, "interest_evidence": "Letter from the Mayor's office.",
        "requested_category": category, "term_years": term, "start_date": start_date,
        "title": f"{topic.capitalize()} {rng.choice(_KINDS)}",
        "purpose": texts["purpose"], "objectives": texts["objectives"],
        "activities": texts["activities"], "areas": texts["areas"],
        "alignment": texts["alignment"], "community_ties": texts["community_ties"],
        "relationship_since": texts["relationship_since"],
        "past_projects": texts["past_projects"], "anticipated_cost": texts["anticipated_cost"],
        "funding_source": texts["funding_source"], "staff_time": texts["staff_time"],
        "counterpart_commitment": texts["counterpart_commitment"],
        "contact_name": "Marie Dupont", "contact_title": "Deputy Mayor",
        "contact_email": f"contact{rid}@counterpart.example", "contact_phone": "+33 1 23 45 67",
        # What the agreement needs of its Parties (the intake's "Signing and notices").
        "counterpart_legal_name": "Municipality of the counterpart",
        "counterpart_signatory_name": "Ana Silva", "counterpart_signatory_title": "Mayor",
        "counterpart_signatory_authority": "As Mayor, under the municipal charter",
        "counterpart_coordinator_name": "Marie Dupont",
        "counterpart_coordinator_title": "Director of International Relations",
        "counterpart_coordinator_email": f"coordinator{rid}@counterpart.example",
        "counterpart_coordinator_address": "City Hall\n1 Main Square",
        "declaration_name": "Ana Silva" if submitted_at else "",
        "promotes_agreement_id": None, "renews_agreement_id": None,
        "reputational_concern": ("Press reports about the counterpart's procurement."
                                 if status is not Status.DRAFT and rng.random() < 0.01 else ""),
        "assignee_id": assignee, "status_changed_at": changed, "version": 1,
        "created_at": created, "updated_at": changed, "submitted_at": submitted_at,
        # The current assessment's total, as portal.assessment keeps it (see _scores).
        "score_percent": (None if status is Status.DRAFT else
                          profile.totals[None if category == NOT_SURE else category][0]),
    })
    for position, (what, indicator, target) in enumerate(profile.outcomes):
        batch.add("outcome", {"id": ids.take("outcome"), "request_id": rid,
                              "position": position, "outcome": what, "indicator": indicator,
                              "target": target})
    if origin == "city" or rng.random() < 0.3:
        content = _pdf(rid % 16)
        batch.add("document", {
            "id": ids.take("document"), "request_id": rid, "kind": "letter_of_intent",
            "filename": "letter-of-intent.pdf", "media_type": "application/pdf",
            "size": len(content), "sha256": hashlib.sha256(content).hexdigest(),
            "content": content, "uploaded_by_id": submitter, "uploaded_at": created})
    _timeline(batch, rng, people, ids, rid, status, submitter, assignee, created,
              submitted_at, changed)
    if status is Status.DRAFT:
        return
    _scores(batch, rng, people, ids, rid, profile, category, status, submitted_at, changed)
    if status in DRAFTED:
        _drafts(batch, rng, people, ids, rid, reference or "", category, start_date, term,
                status, changed)
    if status is Status.SIGNED:
        _agreement(batch, rng, people, ids, rid, city_id, category, start_date, term, sponsor,
                   changed)
    if status not in (Status.SUBMITTED, Status.IN_TRIAGE) and rng.random() < 0.08:
        asked = _between(rng, submitted_at or created, changed)
        answered = rng.random() < 0.8
        batch.add("consultation", {
            "id": ids.take("consultation"), "request_id": rid,
            "division_id": rng.choice(people.divisions[:3])[0],
            "question": "Does this fit your division's plans for the year?",
            "asked_by_id": assignee or people.reviewers[0], "asked_at": asked,
            "answer": "Yes, and we can lend two staff." if answered else None,
            "answered_by_id": people.admin if answered else None,
            "answered_at": asked + timedelta(days=3) if answered else None})


def _timeline(batch: _Batch, rng: random.Random, people: People, ids: _Ids, rid: int,
              status: Status, submitter: int, assignee: int | None, created: datetime,
              submitted_at: datetime | None, changed: datetime) -> None:
    def event(at: datetime, actor: int | None, action: str, source: str | None,
              target: str | None, note: str = "", visible: bool = True) -> None:
        batch.add("request_event", {
            "id": ids.take("request_event"), "request_id": rid, "at": at, "actor_id": actor,
            "action": action, "from_status": source, "to_status": target, "note": note,
            "visible_to_submitter": visible, "document_id": None})

    event(created, submitter, "created", None, None)
    if submitted_at is None:
        return
    event(submitted_at, submitter, Action.SUBMIT.value, Status.DRAFT.value,
          Status.SUBMITTED.value)
    path = PATHS[status]
    source = Status.SUBMITTED
    reviewer = assignee or rng.choice(people.reviewers)
    for n, (action, target) in enumerate(path):
        at = changed if n == len(path) - 1 else _between(rng, submitted_at, changed)
        if action in SUBMITTER_ACTIONS:
            actor = submitter
        elif action is Action.APPROVE:
            actor = people.signing_authority
        elif action is Action.APPROVE_AS_TO_FORM:
            actor = people.solicitor
        else:
            actor = reviewer
        event(at, actor, action.value, source.value, target.value,
              "Thank you; we will be in touch." if action is Action.DECLINE else "",
              visible=action is not Action.DRAFT_AGREEMENT)
        source = target
        if action is Action.START_TRIAGE and rng.random() < 0.5:
            event(_between(rng, submitted_at, changed), reviewer, "comment", None, None,
                  "Checked the letter of intent against the counterpart's website.",
                  visible=False)


def _scores(batch: _Batch, rng: random.Random, people: People, ids: _Ids, rid: int,
            profile: Profile, category: str, status: Status, submitted_at: datetime | None,
            changed: datetime) -> None:
    key = None if category == NOT_SURE else category
    percent, band_value = profile.totals[key]
    at = submitted_at or changed
    rounds = 2 if rng.random() < 0.1 else 1
    reviewed = status not in (Status.SUBMITTED, Status.IN_TRIAGE)
    for n in range(rounds):
        aid = ids.take("assessment")
        batch.add("assessment", {
            "id": aid, "request_id": rid, "rubric_version_id": people.rubric_version_id,
            "is_current": n == rounds - 1, "total_percent": percent, "band": band_value,
            "created_at": at + timedelta(hours=n), "created_by_id": None})
        for position, score in enumerate(profile.sheet.scores):
            override = reviewed and n == rounds - 1 and rng.random() < 0.05
            batch.add("criterion_score", {
                "id": ids.take("criterion_score"), "assessment_id": aid, "position": position,
                "criterion_key": score.key, "proposed": score.proposed,
                "explanation": score.explanation,
                "reviewer_score": score.proposed if override else None,
                "justification": "Confirmed at the working group." if override else "",
                "reviewed_by_id": people.reviewers[0] if override else None,
                "reviewed_at": changed if override else None})


def _drafts(batch: _Batch, rng: random.Random, people: People, ids: _Ids, rid: int,
            reference: str, category: str, start: date, term: int, status: Status,
            changed: datetime) -> None:
    content = people.template_docx[category]
    digest = hashlib.sha256(content).hexdigest()
    versions = rng.randint(1, 2)
    for version in range(1, versions + 1):
        approved = status is not Status.AGREEMENT_DRAFTED and version == versions
        batch.add("agreement_draft", {
            "id": ids.take("agreement_draft"), "request_id": rid, "version": version,
            "terms": {"reference": reference, "version": version, "category": category,
                      "start_date": start.isoformat(), "term_years": term},
            "filename": f"{reference}_v{version}.docx", "content": content, "sha256": digest,
            "generated_by_id": people.reviewers[0], "generated_at": changed,
            "approved_by_id": people.solicitor if approved else None,
            "approved_at": changed if approved else None})


def _agreement(batch: _Batch, rng: random.Random, people: People, ids: _Ids, rid: int,
               city_id: int, category: str, start: date, term: int, sponsor: int | None,
               changed: datetime) -> None:
    city = people.city_names[city_id]
    end = agreement_end_date(start, term)
    copy = _pdf(rid % 16)
    batch.add("agreement", {
        "id": ids.take("agreement"), "request_id": rid, "counterpart_name": city[0],
        "counterpart_city_id": city_id, "country_code": city[1], "category": category,
        "status": (AgreementStatus.ACTIVE if end >= date.today()
                   else AgreementStatus.EXPIRED).value,
        "is_city_to_city": True, "established_year": start.year, "start_date": start,
        "end_date": end, "signed_on": changed.date(), "lead_division_id": sponsor,
        "signed_filename": "signed.pdf", "signed_media_type": "application/pdf",
        "signed_copy": copy, "signed_sha256": hashlib.sha256(copy).hexdigest(), "note": "",
        "created_at": changed})


PARTIES_ANSWERED = {
    "counterpart_legal_name": "Município de Aveiro", "counterpart_signatory_name": "Ana Silva",
    "counterpart_signatory_title": "Mayor", "counterpart_signatory_authority": "As Mayor",
    "counterpart_coordinator_name": "Marie Dupont",
    "counterpart_coordinator_title": "Director of International Relations",
    "counterpart_coordinator_email": "marie@aveiro.example",
    "counterpart_coordinator_address": "Praça da República\n3810-156 Aveiro",
}
"""The intake's "Signing and notices", answered: a city's draft cannot be submitted without."""
IN_FRENCH = {
    "title_fr": "Échange des fêtes des lumières",
    "objectives_fr": "Échanger des concepteurs\nCoproduire une installation",
    "activities_fr": "Résidences de concepteurs dans les deux villes",
    "outcomes_fr": "Concepteurs échangés : 6 d'ici 2028",
}
"""The agreement's words in French, asked if the bench city happens to speak French."""


def add_submission_drafts(people: People, count: int) -> tuple[int, int]:
    """Add ``count`` complete drafts for the bench city; return the first and last id."""
    t = _tables()
    now = utcnow()
    letter = _pdf(0)
    db.session.commit()
    with db.engine.begin() as conn:
        ids = _Ids(conn, ("engagement_request", "request_event", "document", "outcome"))
        requests, events, documents, outcomes = [], [], [], []
        first = last = 0
        for n in range(count):
            rid = ids.take("engagement_request")
            first = first or rid
            last = rid
            requests.append({
                "id": rid, "reference": None, "origin": "city", "status": Status.DRAFT.value,
                "submitter_id": people.bench_submitter, "counterpart_city_id": people.bench_city,
                "sponsoring_division_id": None, "representative_name": "Bench Submitter",
                "representative_title": "Director", "government_kind": "city",
                "interest_confirmed": None, "interest_evidence": "",
                "requested_category": Category.INTERNATIONAL_PROJECT.value, "term_years": 2,
                "start_date": date.today() + timedelta(days=90),
                "title": f"Festival of lights exchange {n}",
                "purpose": "Share lighting design between our two cities' festivals.",
                "objectives": "Exchange designers\nCo-produce one installation",
                "activities": "Residencies for designers in both cities, a joint installation "
                              "at each festival, and a public talk series.",
                "areas": ["culture", "tourism"], "alignment": "Supports the Action Plan.",
                "community_ties": "A large Portuguese community in Little Portugal.",
                "relationship_since": 2015, "past_projects": "Light festival 2019",
                "anticipated_cost": Decimal("20000"), "funding_source": "Operating budget",
                "staff_time": "Ten days", "counterpart_commitment": "Venue and two designers",
                "contact_name": "Marie Dupont", "contact_title": "Deputy Mayor",
                "contact_email": "marie@aveiro.example", "contact_phone": "",
                **PARTIES_ANSWERED, **IN_FRENCH,
                "declaration_name": "", "promotes_agreement_id": None,
                "renews_agreement_id": None, "reputational_concern": "", "assignee_id": None,
                "score_percent": None,
                "status_changed_at": now, "version": 1, "created_at": now, "updated_at": now,
                "submitted_at": None})
            outcomes.append({"id": ids.take("outcome"), "request_id": rid, "position": 0,
                             "outcome": "Designers exchanged", "indicator": "Designers hosted",
                             "target": "6 by 2028"})
            documents.append({
                "id": ids.take("document"), "request_id": rid, "kind": "letter_of_intent",
                "filename": "letter.pdf", "media_type": "application/pdf", "size": len(letter),
                "sha256": hashlib.sha256(letter).hexdigest(), "content": letter,
                "uploaded_by_id": people.bench_submitter, "uploaded_at": now})
            events.append({"id": ids.take("request_event"), "request_id": rid, "at": now,
                           "actor_id": people.bench_submitter, "action": "created",
                           "from_status": None, "to_status": None, "note": "",
                           "visible_to_submitter": True, "document_id": None})
        for name, rows in (("engagement_request", requests), ("outcome", outcomes),
                           ("document", documents), ("request_event", events)):
            for chunk in _chunks(rows, CHUNK):
                conn.execute(t[name].insert(), chunk)
    _reset_sequences()
    return first, last


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def sample_request_ids(status: Status | None = None, limit: int = 200) -> list[int]:
    """Return up to ``limit`` ids of submitted requests (of ``status`` if given), spread out."""
    t = _tables()["engagement_request"]
    query = select(t.c.id).where(t.c.status != Status.DRAFT.value)
    if status is not None:
        query = query.where(t.c.status == status.value)
    ids = list(db.session.scalars(query.order_by(t.c.id)))
    step = max(1, len(ids) // limit)
    return ids[::step][:limit]
