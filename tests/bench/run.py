"""Run the whole benchmark in one go: fill, measure, compare with the targets, report.

Settings come from the environment:

``DATABASE_URL``
    PostgreSQL to run on (its ``public`` schema is dropped and rebuilt); SQLite in a new
    temporary instance folder when unset.
``BENCH_OUT``
    Where the JSON figures go (default ``instance/bench.json``).
``BENCH_SIZES``
    The request counts to measure the queue at (default ``1000,10000,100000``); the load
    runs at the last one.
``BENCH_SECONDS``
    How long each HTTP load lasts (default 5).
``BENCH_SAMPLES``
    How many times each in-process measurement is taken (default 100).
``BENCH_ROUNDS``
    How many rounds of ``BENCH_SAMPLES`` each view of the queue is timed in, the views in
    turn (default 3); the round least disturbed is reported (``measure_queue`` says why).
``BENCH_KEEP``
    Set, the temporary instance folder (SQLite database, secret key) is kept afterwards.
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.bench import fill, load
from tests.bench.load import HELLO_PATH

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_VIEW = "/review/requests"
# Partnership City requests, best score first: 50 rows at every size, a sort on a joined
# column (the current assessment's total) over a filter that matches a third of requests.
FILTERED_VIEW = "/review/requests?category=partnership_city&sort=score&direction=desc"
# A word typed in the search: "housing" begins a word of one title in twelve ("Affordable
# housing exchange"), so 50 rows at every size, and its matches grow with the queue (about
# 8,000 at 100,000 requests), past the 1,000 the page counts (``policy.queue_counts``).
SEARCH_VIEW = "/review/requests?q=housing"
REQUEST_PAGES = 200
SUBMISSION_DRAFTS = 4_000


@dataclass(frozen=True)
class Latency:
    """The median and 95th percentile of repeated timings, in milliseconds.

    ``cpu_*`` is this process's CPU time over the same runs: unlike the wall clock it does
    not count waiting for a core that other programs hold, so it is the steadier figure on
    a busy machine (on SQLite it includes the database's work; on PostgreSQL it does not).
    """

    median_ms: float
    p95_ms: float
    samples: int
    cpu_median_ms: float = 0.0
    cpu_p95_ms: float = 0.0


def percentile(values: list[float], share: float) -> float:
    """Return the ``share`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def timed(action: Callable[[], object], samples: int, warmup: int = 5) -> Latency:
    """Run ``action`` ``warmup`` times untimed, then ``samples`` times timed."""
    for _ in range(warmup):
        action()
    gc.collect()
    times, cpu = [], []
    for _ in range(samples):
        started, cpu_started = time.perf_counter(), time.process_time()
        action()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return Latency(statistics.median(times), percentile(times, 0.95), samples,
                   statistics.median(cpu), percentile(cpu, 0.95))


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass
class Settings:
    """What this run measures, and where."""

    database_url: str
    instance: Path
    secret_key: str
    sizes: list[int]
    seconds: float
    samples: int
    out: Path
    rounds: int = 3

    @property
    def dialect(self) -> str:
        """Return the database's kind."""
        return "postgresql" if self.database_url.startswith("postgresql") else "sqlite"


def settings_from_environment() -> Settings:
    """Read the run's settings; a new temporary instance folder holds SQLite and the key."""
    from portal.config import normalise_database_url

    instance = Path(tempfile.mkdtemp(prefix="iap-bench-"))
    url = os.environ.get("DATABASE_URL")
    database_url = normalise_database_url(url) if url else f"sqlite:///{instance}/bench.sqlite"
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",")]
    out = Path(os.environ.get("BENCH_OUT") or ROOT / "instance" / "bench.json")
    return Settings(database_url, instance, secrets.token_hex(32), sorted(sizes),
                    float(os.environ.get("BENCH_SECONDS", 5)), _env_int("BENCH_SAMPLES", 100),
                    out, max(1, _env_int("BENCH_ROUNDS", 3)))


def server_environment(settings: Settings) -> dict[str, str]:
    """Return the environment gunicorn and the in-process app share."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.update({"PORTAL_INSTANCE_PATH": str(settings.instance),
                "PORTAL_SECRET_KEY": settings.secret_key,
                "DATABASE_URL": settings.database_url,
                # gunicorn.conf.py runs the portal in production mode, which needs the
                # address its links point to; the benchmark follows none of them.
                "PORTAL_PUBLIC_BASE_URL": "http://127.0.0.1",
                "PYTHONPATH": str(ROOT)})
    return env


def make_app(settings: Settings) -> Flask:
    """Return the portal configured as gunicorn's workers will be."""
    os.environ.update({k: v for k, v in server_environment(settings).items()
                       if k.startswith("PORTAL_") or k == "DATABASE_URL"})
    from portal import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": settings.database_url,
                      "SECRET_KEY": settings.secret_key})
    # The in-process timings are the pages' own; a JSON line per page on the terminal would
    # drown the report (under gunicorn the lines are written, to its log, as in production).
    logging.getLogger("portal.access").disabled = True
    return app


def login(client: FlaskClient, email: str) -> None:
    """Sign ``client`` in through the sign-in form."""
    page = client.get("/login").get_data(as_text=True)
    token = load.TOKEN_RE.search(page)
    assert token, "no sign-in form"
    answer = client.post("/login", data={"email": email, "password": fill.PASSWORD,
                                         "csrf_token": token.group(1)})
    if answer.status_code != 302:
        raise RuntimeError(f"could not sign in as {email}: {answer.status_code}")


def page_latency(client: FlaskClient, path: str, samples: int) -> Latency:
    """Time ``client`` opening ``path``; every answer must be a 200 with 50 rows or fewer."""
    def open_page() -> None:
        answer = client.get(path)
        if answer.status_code != 200:
            raise RuntimeError(f"{path} answered {answer.status_code}")

    return timed(open_page, samples, warmup=10)


def queue_rows(client: FlaskClient, path: str) -> int:
    """Return how many rows the queue page at ``path`` shows."""
    return client.get(path).get_data(as_text=True).count("/review/requests/")


def in_fresh_process(func: Callable[..., Any], *args: Any) -> Any:
    """Return ``func(*args)`` run in a new Python process, as a new worker would run it.

    The process that bulk-loaded a gigabyte carries a fragmented heap that slows every
    request it then serves by a third; the portal's workers never carry it, so the pages
    are timed in a process of their own.
    """
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(func, args)


QUEUE_VIEWS = (("default", DEFAULT_VIEW), ("filtered", FILTERED_VIEW), ("search", SEARCH_VIEW))


def measure_queue(settings: Settings, email: str) -> dict[str, Any]:
    """Time each view of the queue as ``email``; return the figures and the rows shown.

    Each view is timed in ``settings.rounds`` rounds, the views in turn, and the round with
    the lowest 95th percentile is kept. Another program taking the cores for a few seconds
    (the machine is shared; the bulk load before has just ended) only ever adds time, and
    to whichever view was being timed: a size measured in such a moment would seem to grow
    when the page did not. The least disturbed round is the nearest to the quiet machine the
    goals are set for, at every size alike; every round's figure stays in the report.
    """
    app = make_app(settings)
    client = app.test_client()
    login(client, email)
    rounds: dict[str, list[Latency]] = {view: [] for view, _path in QUEUE_VIEWS}
    for _ in range(settings.rounds):
        for view, path in QUEUE_VIEWS:
            rounds[view].append(page_latency(client, path, settings.samples))
    row: dict[str, Any] = {}
    for view, path in QUEUE_VIEWS:
        quietest = min(rounds[view], key=lambda latency: latency.p95_ms)
        row[view] = {**asdict(quietest),
                     "rounds_p95_ms": [latency.p95_ms for latency in rounds[view]]}
        row[view + "_rows"] = queue_rows(client, path)
    return row


def measure_documents(settings: Settings) -> tuple[dict[str, float], dict[str, float]]:
    """Time scoring one request and writing one Word draft."""
    app = make_app(settings)
    return scoring_latency(app, settings.samples), draft_latency(app, settings.samples)


# In-process measurements at the largest size --------------------------------------------

def scoring_latency(app: Flask, samples: int) -> dict[str, float]:
    """Time scoring one request: the policy's proposal and total, and the stored version."""
    from sqlalchemy import select

    from portal.assessment import services as assessment
    from portal.extensions import db
    from portal.models import EngagementRequest
    from portal.policy.scoring import band, propose_scores, total_percent

    with app.app_context():
        req = db.session.scalars(select(EngagementRequest).where(
            EngagementRequest.status == "in_review").limit(1)).one()
        rubric = assessment.rubric_of(assessment.newest_rubric_version())
        assessment.answers_of(req)  # load the request's outcomes, documents, city once

        def score() -> None:
            sheet = propose_scores(assessment.answers_of(req), rubric)
            band(total_percent(sheet, rubric, req.category), rubric)

        policy = timed(score, samples * 20, warmup=50)

        def store() -> None:
            nested = db.session.begin_nested()
            assessment.score_request(req)
            nested.rollback()

        stored = timed(store, samples, warmup=5)
        db.session.rollback()
    return {"median_ms": policy.median_ms, "p95_ms": policy.p95_ms,
            "stored_median_ms": stored.median_ms, "stored_p95_ms": stored.p95_ms}


def draft_latency(app: Flask, samples: int) -> dict[str, float]:
    """Time writing one Word draft, against python-docx opening and saving the template."""
    from docx import Document
    from sqlalchemy import select

    import docgen
    from portal.agreements import services as agreements
    from portal.extensions import db
    from portal.models import EngagementRequest

    with app.app_context():
        # The first approved request whose agreement can be drafted: a city's project that
        # no division sponsors yet has no signatory, and is refused, as the portal refuses it.
        for req in db.session.scalars(select(EngagementRequest).where(
                EngagementRequest.status == "approved").order_by(EngagementRequest.id)):
            try:
                terms = agreements.terms_for(req, 1)
                break
            except agreements.AgreementRefused:
                continue
        else:
            raise RuntimeError("no approved request can be drafted")
        template = docgen.packaged_template(terms.category)

        def floor() -> None:
            Document(BytesIO(template)).save(BytesIO())

        def draft() -> None:
            docgen.render_agreement(terms)

        def full() -> None:
            agreements.render(agreements.terms_for(req, 1), req.category)  # type: ignore[arg-type]

        base = timed(floor, samples)
        made = timed(draft, samples)
        whole = timed(full, max(10, samples // 2))
    return {"median_ms": made.median_ms, "p95_ms": made.p95_ms,
            "floor_median_ms": base.median_ms, "floor_p95_ms": base.p95_ms,
            "ratio": made.median_ms / base.median_ms,
            "with_terms_median_ms": whole.median_ms}


# The load under gunicorn ----------------------------------------------------------------

def throughput(settings: Settings, people: fill.People, request_ids: list[int],
               drafts: tuple[int, int]) -> tuple[dict[str, Any], list[float]]:
    """Serve the portal with gunicorn (2 workers) and load each endpoint in turn.

    The hello-world ceiling is loaded first and again after each page; each page's ratio
    is to the mean of the ceilings before and after it (``hello`` reports them together).
    """
    server = load.Server(server_environment(settings), workers=2)
    server.start(sys.executable, ROOT)
    try:
        reviewer = load.Session(server.port)
        reviewer.login(people.reviewer_email, fill.PASSWORD)
        submitter = load.Session(server.port)
        submitter.login(people.submitter_email, fill.PASSWORD)
        first, last = drafts
        status, _ = submitter.get(f"/requests/{first}/check")
        if status != 200 or not submitter.token:
            raise RuntimeError(f"the check-answers page answered {status}")
        form = f"confirm=y&csrf_token={submitter.token}"
        # Warm both workers: imports, templates and connections are made on first use.
        for path in (HELLO_PATH, DEFAULT_VIEW, f"/review/requests/{request_ids[0]}"):
            for _ in range(10):
                load.request("GET", server.port, path,
                             headers={"Cookie": reviewer.cookie_header})
        cookie = {"Cookie": reviewer.cookie_header}
        seconds = settings.seconds
        loads = {
            "queue": lambda: load.run_load("queue", server.port, [DEFAULT_VIEW],
                                           headers=cookie, seconds=seconds),
            "request_page": lambda: load.run_load(
                "request_page", server.port, [f"/review/requests/{i}" for i in request_ids],
                headers=cookie, seconds=seconds),
            "submission": lambda: load.run_load(
                "submission", server.port,
                [f"/requests/{i}/check" for i in range(first + 1, last + 1)],
                method="POST", body=form, seconds=seconds,
                headers={"Cookie": submitter.cookie_header,
                         "Content-Type": "application/x-www-form-urlencoded"}),
        }
        # The ceiling is measured before each page's load and after it, and each page is
        # compared with the mean of the two: the machine's speed drifts (a shared host's
        # other tenants), by a third in a minute at times, and a ceiling measured once, a
        # minute before the last page, compared that page with another machine.
        def load_hello() -> load.LoadResult:
            return load.run_load("hello", server.port, [HELLO_PATH], seconds=seconds)

        hellos = [load_hello()]
        results: dict[str, load.LoadResult] = {}
        for name, run_page in loads.items():
            results[name] = run_page()
            hellos.append(load_hello())
        rss = server.worker_rss_mb()
    finally:
        server.stop()
    ceiling = _combined("hello", hellos)
    figures: dict[str, Any] = {"tool": ceiling.tool, "workers": 2, "seconds_each": seconds,
                               "hello_loads_rps": [hello.rps for hello in hellos]}
    figures["hello"] = _figures(ceiling, ceiling.rps)
    for index, (name, result) in enumerate(results.items()):
        around = (hellos[index].rps + hellos[index + 1].rps) / 2
        figures[name] = {**_figures(result, around), "ceiling_rps": around}
    return figures, rss


def _combined(name: str, results: list[load.LoadResult]) -> load.LoadResult:
    """Return ``results`` (loads of one endpoint) as one load: their requests in their time."""
    latencies = [r.latency_p50_ms for r in results if r.latency_p50_ms is not None]
    return load.LoadResult(name, results[0].tool, sum(r.requests for r in results),
                           sum(r.seconds for r in results), sum(r.errors for r in results),
                           statistics.median(latencies) if latencies else None)


def _figures(result: load.LoadResult, ceiling_rps: float) -> dict[str, Any]:
    return {"rps": result.rps, "requests": result.requests, "seconds": result.seconds,
            "errors": result.errors, "p50_ms": result.latency_p50_ms,
            "ratio": result.rps / ceiling_rps if ceiling_rps else 0.0}


def count_submitted(app: Flask, drafts: tuple[int, int]) -> int:
    """Return how many of the benchmark's drafts were submitted by the load."""
    from sqlalchemy import func, select

    from portal.extensions import db

    t = fill._tables()["engagement_request"]
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(t).where(
            t.c.id.between(*drafts), t.c.status == "submitted")) or 0


# Targets and the report -----------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """One figure, the bound it must meet, and whether it does."""

    name: str
    value: float | None  # None: not measured in this run, so not met
    bound: str
    met: bool


# Issue 18's table: each throughput against the hello-world ceiling of the same run, each
# queue view's p95 growth from the smallest size to the largest, the Word draft against
# python-docx's own open-and-save, and the workers' memory after the load.
THROUGHPUT_GOALS = (("queue", "queue page throughput / hello-world", 0.12),
                    ("request_page", "request page throughput / hello-world", 0.10),
                    ("submission", "submission throughput / hello-world", 0.10))
GROWTH_GOAL = 1.3
GROWTH_VIEWS = (("default", "default view"), ("filtered", "filtered and sorted by score"),
                ("search", "free-text search"))
DRAFT_GOAL = 1.25
RSS_GOAL_MB = 120.0


def growth(queue: list[dict[str, Any]], view: str) -> float:
    """Return the p95 growth of ``view`` from the smallest size measured to the largest.

    The larger of the wall-clock and the CPU-time growth: either one alone can be flattered
    by another program loading the machine during one of the two runs.
    """
    return max(queue[-1][view][key] / queue[0][view][key] for key in ("p95_ms", "cpu_p95_ms"))


def targets(report: dict[str, Any]) -> list[Target]:
    """Return every goal with its figure; a missing figure counts as not met."""
    found: list[Target] = []
    load_figures = report.get("throughput", {})
    for name, label, goal in THROUGHPUT_GOALS:
        ratio = load_figures.get(name, {}).get("ratio", 0.0)
        found.append(Target(label, ratio, f">= {goal:.2f}", ratio >= goal))
    queue = report.get("queue", [])
    for view, label in GROWTH_VIEWS:
        measured = len(queue) >= 2 and view in queue[0] and view in queue[-1]
        value = growth(queue, view) if measured else None
        sizes = (f"{queue[-1]['size']:,} / at {queue[0]['size']:,}" if len(queue) >= 2
                 else "largest / smallest")
        found.append(Target(f"queue p95 at {sizes}, {label}", value, f"<= {GROWTH_GOAL}",
                            value is not None and value <= GROWTH_GOAL))
    ratio = report.get("word_draft", {}).get("ratio")
    found.append(Target("Word draft / python-docx floor", ratio, f"<= {DRAFT_GOAL}",
                        ratio is not None and ratio <= DRAFT_GOAL))
    rss = max(report["worker_rss_mb"]) if report.get("worker_rss_mb") else None
    found.append(Target("worker RSS after the load (MB, largest)", rss, f"<= {RSS_GOAL_MB:.0f}",
                        rss is not None and rss <= RSS_GOAL_MB))
    return found


def render_table(report: dict[str, Any]) -> str:
    """Return the report as the text table ``make bench`` prints."""
    lines = [f"IAP Portal benchmark: {report['database']}, {report['cpus']} CPUs, "
             f"{report['started']}", ""]
    lines.append("Filling (bulk inserts)")
    for step in report["fill"]:
        lines.append(f"  to {step['size']:>7,} requests  {step['seconds']:6.1f} s  "
                     f"({sum(step['rows'].values()):,} rows)")
    rounds = len(report["queue"][0]["default"].get("rounds_p95_ms", [0])) if report["queue"] \
        else 1
    lines += ["", f"Queue page in process (50 rows; the quietest of {rounds} rounds), ms",
              "                                       median      p95   cpu median  cpu p95"]
    for row in report["queue"]:
        for view in (v for v, _label in GROWTH_VIEWS if v in row):
            lat = row[view]
            lines.append(f"  {row['size']:>7,} requests, {view:<9}     {lat['median_ms']:8.1f}"
                         f" {lat['p95_ms']:8.1f}     {lat['cpu_median_ms']:8.1f} "
                         f"{lat['cpu_p95_ms']:8.1f}   ({row[view + '_rows']} rows)")
    figures = report.get("throughput")
    if figures:
        lines += ["", f"Throughput under gunicorn ({figures['workers']} workers, {figures['tool']},"
                      f" {figures['seconds_each']:.0f} s each, "
                      f"{report['queue'][-1]['size']:,} requests)",
                  "                     req/s   ratio   errors   p50 ms   ceiling"]
        for name in ("hello", "queue", "request_page", "submission"):
            f = figures[name]
            p50 = f"{f['p50_ms']:.1f}" if f["p50_ms"] is not None else "-"
            ceiling = f"{f['ceiling_rps']:8.1f}" if "ceiling_rps" in f else ""
            lines.append(f"  {name:<16} {f['rps']:8.1f}  {f['ratio']:6.2f}  {f['errors']:6d}"
                         f"  {p50:>7}   {ceiling}")
        lines.append("  (a page's ceiling: the mean of the hello-world loads before and after it; "
                     "each in turn: " + ", ".join(
                         f"{rps:.0f}" for rps in figures.get("hello_loads_rps", [])) + " req/s)")
        lines.append(f"  submissions stored: {report['submissions_stored']}")
    draft = report["word_draft"]
    lines += ["", "Word draft, ms                     median     p95",
              f"  docgen.render_agreement        {draft['median_ms']:8.1f} {draft['p95_ms']:8.1f}",
              f"  python-docx open + save floor  {draft['floor_median_ms']:8.1f} "
              f"{draft['floor_p95_ms']:8.1f}",
              f"  ratio {draft['ratio']:.2f}; with the request's terms gathered: "
              f"{draft['with_terms_median_ms']:.1f} ms"]
    scoring = report["scoring"]
    lines += ["", f"Scoring one request: {scoring['median_ms'] * 1000:.0f} µs median "
                  f"(policy); stored with its criterion rows: {scoring['stored_median_ms']:.2f} ms"]
    if report.get("worker_rss_mb"):
        lines.append("Worker RSS after the load: "
                     + ", ".join(f"{mb:.0f} MB" for mb in report["worker_rss_mb"]))
    lines += ["", "Goals (issue 18)"]
    for target in report["targets"]:
        value = "missing" if target["value"] is None else f"{target['value']:.3f}"
        lines.append(f"  {'met    ' if target['met'] else 'NOT MET'}  {target['name']:<62} "
                     f"{value:>8}  {target['bound']}")
    queue = report["queue"]
    if len(queue) >= 2:
        each = "; ".join(
            f"{view} {queue[-1][view]['p95_ms'] / queue[0][view]['p95_ms']:.2f} wall-clock, "
            f"{queue[-1][view]['cpu_p95_ms'] / queue[0][view]['cpu_p95_ms']:.2f} CPU"
            for view, _label in GROWTH_VIEWS if view in queue[0] and view in queue[-1])
        lines.append(f"  (queue p95 growth, the larger counts: {each})")
    met = sum(t["met"] for t in report["targets"])
    lines.append(f"  {met} of {len(report['targets'])} goals met")
    lines.append(f"\nLoad average at the start and the end: {report['load_average']}")
    lines.append(f"Total time: {report['seconds_total']:.0f} s; figures in {report['out']}")
    return "\n".join(lines)


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def main(argv: Iterable[str] = ()) -> int:
    """Run the benchmark and print the table; return the exit status."""
    del argv
    started = time.perf_counter()
    settings = settings_from_environment()
    app = make_app(settings)
    report: dict[str, Any] = {
        "database": settings.dialect, "cpus": os.cpu_count(),
        "started": datetime.now(UTC).isoformat(timespec="seconds"), "fill": [], "queue": [],
        "out": str(settings.out), "load_average": [round(os.getloadavg()[0], 2)]}
    _log(f"database: {settings.dialect}; instance {settings.instance}")
    with app.app_context():
        people = fill.prepare()
    for size in settings.sizes:
        with app.app_context():
            grown = fill.grow(people, size)
            fill.settle()
        _log(f"filled to {size:,} requests in {grown.seconds:.1f} s")
        report["fill"].append({"size": size, "seconds": grown.seconds, "rows": grown.rows})
        row = {"size": size, **in_fresh_process(measure_queue, settings,
                                                people.reviewer_email)}
        report["queue"].append(row)
        _log(f"queue at {size:,}: default p95 {row['default']['p95_ms']:.1f} ms, "
             f"filtered p95 {row['filtered']['p95_ms']:.1f} ms, "
             f"search p95 {row['search']['p95_ms']:.1f} ms")
    report["scoring"], report["word_draft"] = in_fresh_process(measure_documents, settings)
    _log("scoring and drafts measured")
    with app.app_context():
        request_ids = fill.sample_request_ids(limit=REQUEST_PAGES)
        drafts = fill.add_submission_drafts(people, SUBMISSION_DRAFTS)
        from portal.extensions import db

        db.session.remove()
        db.engine.dispose()  # gunicorn's workers must not share this process's connections
    figures, rss = throughput(settings, people, request_ids, drafts)
    report["throughput"] = figures
    report["worker_rss_mb"] = rss
    stored = count_submitted(app, drafts)
    report["submissions_stored"] = stored
    # Only submissions the database holds count: a refused one is no throughput.
    submission = figures["submission"]
    submission["rps"] = stored / submission["seconds"]
    submission["ratio"] = submission["rps"] / submission["ceiling_rps"]
    _log("load measured")
    report["seconds_total"] = time.perf_counter() - started
    report["load_average"].append(round(os.getloadavg()[0], 2))
    report["targets"] = [asdict(t) for t in targets(report)]
    settings.out.parent.mkdir(parents=True, exist_ok=True)
    settings.out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(render_table(report))
    if not os.environ.get("BENCH_KEEP"):  # the SQLite database alone is over a gigabyte
        shutil.rmtree(settings.instance, ignore_errors=True)
    return 0
