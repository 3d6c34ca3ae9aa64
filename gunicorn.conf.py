"""Gunicorn settings for the IAP Portal in production.

``gunicorn 'portal:create_app()'`` run from the project folder reads this file; a setting
given on the command line wins over it (``make bench`` runs it with ``--workers 2``). Each
value below can also be set from the environment, as noted, so one file serves every host.

The app's state is in the database, not in a worker's memory (sessions are signed cookies,
rate limits in ``RATELIMIT_STORAGE_URI``, uploads and drafts in the database; what a worker
keeps of the reference data it checks against the database each request), so any number of
workers on any number of hosts serve the same portal.
"""

from __future__ import annotations

import gc
import multiprocessing
import os

# A portal served by gunicorn is in production mode (portal.policy.deployment): it refuses to
# start without PORTAL_PUBLIC_BASE_URL rather than email dead links. PORTAL_ENV=development
# in the environment overrides this for a trial on one's own machine.
os.environ.setdefault("PORTAL_ENV", "production")

# Where to listen. Behind a load balancer on another machine, listen on the host's private
# address (GUNICORN_BIND=10.0.0.11:8000), never on a public one.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: each serves one request at a time, and pages are CPU-bound (templates, the
# policy), so two per core plus one keeps the cores busy while one worker waits on the
# database. A worker holds about 100 MB (make bench prints the measured figure).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# Sync workers must sit behind a proxy that buffers slow clients: the load balancer, or
# nginx on the host. A request that takes longer than this is killed and logged.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30  # a deploy lets running requests finish this long

# Replace each worker after about a thousand requests, so no slow growth in memory
# (a library's cache, fragmentation) can build up; the jitter keeps them from all
# restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = 100

# The load balancer's address(es): only these may set X-Forwarded-Proto, so the app knows a
# request came over HTTPS. The app's PORTAL_PROXY_COUNT does the same for the client's
# address, which rate limits count by.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs to standard output and error, for the service manager (systemd, a container) to keep.
# The portal writes its own line for each request (``portal/request_log.py``: its id, the path
# without the query string and with a link's one-time token hidden, the status, the time,
# the account); gunicorn's own access line would repeat it with the query string and the
# token, so it is written only where GUNICORN_ACCESS_LOG names a file, or "-".
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def post_worker_init(worker: object) -> None:
    """Set the loaded app's objects aside from the garbage collector's full passes.

    A worker holds over a hundred thousand objects once the app is loaded (modules, mappers,
    compiled templates) that live as long as it does, and each full collection walked them
    all: frozen, the collector's share of a staff request page fell from about 0.8 ms to
    0.5 ms (in process). ``gc.freeze`` leaves them out of every later pass.
    """
    gc.freeze()
