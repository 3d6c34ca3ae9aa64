"""The portal's commands: init-db, seed-demo and create-user."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from portal.extensions import db
from portal.models import Division, EngagementRequest, OutboxMessage, User
from portal.policy.lifecycle import Status
from portal.seed.reference_data import DIVISIONS
from tests.conftest import login

DEMO_ACCOUNTS = {
    "city@demo.example": ("city", None),
    "division@demo.example": ("division_staff", None),
    "reviewer@demo.example": ("cco_reviewer", None),
    "edc@demo.example": ("supporting_reviewer", None),
    "head@demo.example": ("signing_authority", "division_head"),
    "mayor@demo.example": ("signing_authority", "mayors_office"),
    "citymanager@demo.example": ("signing_authority", "city_manager"),
    "dcm.growth@demo.example": ("signing_authority", "deputy_city_manager"),
    "dcm.infra@demo.example": ("signing_authority", "deputy_city_manager"),
    "solicitor@demo.example": ("solicitor", None),
    "admin@demo.example": ("admin", None),
}



def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def user(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_init_db_adds_the_divisions_and_can_run_again_without_change(runner):
    db.session.execute(delete(Division))
    db.session.commit()

    first = runner.invoke(args=["init-db"])
    assert first.exit_code == 0, first.output
    assert f"{len(DIVISIONS)} divisions added" in first.output
    assert count(Division) == len(DIVISIONS)

    second = runner.invoke(args=["init-db"])
    assert second.exit_code == 0, second.output
    assert "0 divisions added" in second.output
    assert count(Division) == len(DIVISIONS)


def test_seed_demo_opens_the_demo_accounts_with_the_demo_password(app, runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output

    for email, (role, office) in DEMO_ACCOUNTS.items():
        account = user(email)
        assert account is not None, email
        assert (account.role, account.signing_office) == (role, office)
        assert account.active

    password = app.config["DEMO_PASSWORD"]
    for email in DEMO_ACCOUNTS:
        response = login(client, email, password)
        assert response.status_code == 302, email
        home = client.get("/", follow_redirects=True).request.path
        assert home != "/login"
        client.submit("/logout", page=home)


def test_seed_demo_files_a_dozen_requests_covering_every_status(runner):
    runner.invoke(args=["seed-demo"])
    requests = db.session.scalars(select(EngagementRequest)).all()
    assert 12 <= len(requests) <= 18
    assert {r.status for r in requests} == {status.value for status in Status}
    assert {r.origin for r in requests} == {"city", "division"}
    submitted = [r for r in requests if r.status != Status.DRAFT.value]
    assert all(r.reference for r in submitted)
    receipts = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "submission_receipt")).all()
    assert len(receipts) == len(submitted)


def test_seed_demo_never_touches_a_database_that_already_holds_data(runner, make_city_user):
    make_city_user()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0  # `make run` calls it on every start
    assert "already holds data" in result.output
    assert count(User) == 1
    assert count(EngagementRequest) == 0
    assert user("admin@demo.example") is None


def test_seed_demo_refuses_to_run_a_second_time(runner):
    runner.invoke(args=["seed-demo"])
    users, requests = count(User), count(EngagementRequest)
    again = runner.invoke(args=["seed-demo"])
    assert "already holds data" in again.output
    assert (count(User), count(EngagementRequest)) == (users, requests)


def test_the_demo_password_can_be_set_by_environment_variable(app, runner, monkeypatch):
    monkeypatch.setenv("PORTAL_DEMO_PASSWORD", "a-password-from-the-environment")
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    admin = user("admin@demo.example")
    assert admin.check_password("a-password-from-the-environment")
    assert not admin.check_password(app.config["DEMO_PASSWORD"])


def test_the_demo_password_can_be_given_on_the_command_line(app, runner):
    assert runner.invoke(args=["seed-demo", "--password", "another-long-password"]).exit_code == 0
    city = user("city@demo.example")
    assert city.check_password("another-long-password")
    assert not city.check_password(app.config["DEMO_PASSWORD"])


def test_create_user_opens_a_staff_account_that_can_sign_in(runner, client):
    result = runner.invoke(args=[
        "create-user", "--email", "Ada@Toronto.example", "--name", "Ada Admin",
        "--role", "admin", "--job-title", "Portal Administrator",
        "--password", "a-long-enough-password"])
    assert result.exit_code == 0, result.output
    assert "Created admin account" in result.output
    account = user("ada@toronto.example")
    assert account.role == "admin" and account.name == "Ada Admin"
    assert account.email_confirmed
    response = login(client, "ada@toronto.example", "a-long-enough-password")
    assert response.status_code == 302


def test_create_user_sets_the_division_and_office(runner):
    result = runner.invoke(args=[
        "create-user", "--email", "head@toronto.example", "--name", "Harper Head",
        "--role", "signing_authority", "--office", "division_head", "--division", "EDC",
        "--password", "a-long-enough-password"])
    assert result.exit_code == 0, result.output
    account = user("head@toronto.example")
    assert account.signing_office == "division_head"
    assert account.division.code == "EDC"


def test_create_user_refuses_an_email_already_in_use(runner, make_city_user):
    make_city_user(email="rep@lyon.example")
    result = runner.invoke(args=[
        "create-user", "--email", "REP@lyon.example", "--name", "Someone",
        "--role", "cco_reviewer", "--password", "a-long-enough-password"])
    assert result.exit_code != 0
    assert "already uses REP@lyon.example" in result.output
    assert count(User) == 1


def test_create_user_refuses_a_city_role(runner):
    result = runner.invoke(args=[
        "create-user", "--email", "x@example.org", "--name", "X", "--role", "city",
        "--password", "a-long-enough-password"])
    assert result.exit_code != 0
    assert count(User) == 0


@pytest.mark.parametrize(("options", "message"), [
    (["--role", "division_staff", "--division", "NOPE"], "NOPE"),
    (["--role", "division_staff"], "--division"),
    (["--role", "supporting_reviewer"], "--division"),
    (["--role", "signing_authority"], "--office"),
    (["--role", "signing_authority", "--office", "division_head"], "--division"),
])
def test_create_user_explains_a_missing_or_unknown_division_or_office(runner, options, message):
    result = runner.invoke(args=[
        "create-user", "--email", "x@toronto.example", "--name", "X",
        "--password", "a-long-enough-password", *options])
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert message in result.output
    assert count(User) == 0


def _request(title: str) -> EngagementRequest:
    return db.session.scalars(select(EngagementRequest).where(
        EngagementRequest.title == title)).one()


def test_seed_demo_shows_ageing_a_federal_flag_and_each_signatory_deciding_its_own(runner):
    from portal.assessment import services as assessment
    from portal.assessment import settings
    from portal.review import queue
    from portal.review import services as review
    from portal.seed.demo_data import AGEING_TITLE

    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    reviewer = user("reviewer@demo.example")
    rows = {row.request.title: row
            for row in queue.queue_page(reviewer, queue.QueueFilters()).rows}
    assert rows[AGEING_TITLE].ageing
    assert [title for title, row in rows.items() if row.ageing] == [AGEING_TITLE]

    moscow = _request("Winter city maintenance exchange")
    assert moscow.counterpart_city.country_code in settings.consultation_countries()
    assert "federal_consultation" in [n.flag.value for n in assessment.risks(moscow)]

    # The configured signatories are the demo accounts, by name.
    signing = settings.signing_settings()
    assert signing.mayor_name == user("mayor@demo.example").name
    assert signing.city_manager_name == user("citymanager@demo.example").name
    assert {d.name for d in signing.deputies} == {
        user("dcm.growth@demo.example").name, user("dcm.infra@demo.example").name}

    growth, infra = user("dcm.growth@demo.example"), user("dcm.infra@demo.example")
    edc = _request("Port-city creative economy project")
    trn = _request("Cycling infrastructure exchange")
    assert (review.may_approve(edc, growth), review.may_approve(edc, infra)) == (True, False)
    assert (review.may_approve(trn, infra), review.may_approve(trn, growth)) == (True, False)
    for req in (edc, trn):
        assert not review.may_approve(req, user("citymanager@demo.example"))
        assert not review.may_approve(req, user("head@demo.example"))

    lyon = user("city@demo.example")
    assert lyon.city.name == "Lyon" and lyon.city_verified_at is not None
    newcomer = user("newcomer@demo.example")
    assert newcomer.city_verified_at is None
