"""Health checks for load balancers, and the door of /metrics.

- `/healthz`: the process is up and answers (no database, no cache): restart it if not.
- `/readyz`: it can serve: the database answers and every migration is applied, the cache
  answers, the Celery broker answers (when jobs go to Celery) and the private storage is
  reachable. Each check runs with a short deadline (READYZ_TIMEOUT, 3 s in all); a check
  still running then counts as failed. 200 when all pass, 503 otherwise; the JSON names
  each check and, for a failure, the kind of error only (never a message: an error text
  can carry a connection URL and its password).
- `/metrics`: Prometheus metrics (ccm_portal/metrics.py), for a scraper that sends the
  bearer token METRICS_TOKEN; 404 without a configured token, 401 with a wrong one.

`HealthCheckMiddleware` comes first in MIDDLEWARE and answers these paths before anything
else runs: a load balancer probes an instance by its address over plain HTTP, which the
host check (ALLOWED_HOSTS), the HTTPS redirect, sessions and the language prefixes would
otherwise refuse, redirect or burden.
"""

import hmac
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse

from ccm_portal import metrics
from ccm_portal.storage import check_reachable

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"

_migrated = threading.Event()  # set once every migration was found applied: they do not un-apply


class NotReady(Exception):
    """A check ran and found the component not ready; the message is safe to show."""


def _json(payload: dict, status: int) -> HttpResponse:
    response = HttpResponse(json.dumps(payload, sort_keys=True), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def check_database() -> dict:
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    if not _migrated.is_set():
        executor = MigrationExecutor(connection)
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if unapplied:
            raise NotReady(f"{len(unapplied)} unapplied migrations: run manage.py migrate once")
        _migrated.set()
    return {}


def check_cache() -> dict:
    cache = caches["default"]
    key = f"readyz:{threading.get_ident()}:{time.monotonic_ns()}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise NotReady("the cache did not keep a value")
    cache.delete(key)
    return {}


def check_broker() -> dict:
    from kombu import Connection

    timeout = readiness_timeout()
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=timeout) as connection:
        connection.ensure_connection(max_retries=1, timeout=timeout)
    return {}


def check_storage() -> dict:
    check_reachable()
    return {}


def checks() -> dict:
    found = {"database": check_database, "cache": check_cache, "storage": check_storage}
    if settings.CELERY_BROKER_URL and settings.RENDER_JOBS_RUNNER == "celery":
        found["broker"] = check_broker
    return found


def readiness_timeout() -> float:
    return float(getattr(settings, "READYZ_TIMEOUT", 3))


def _run(check) -> dict:
    started = time.monotonic()
    try:
        outcome = {"ok": True, **check()}
    except NotReady as exc:
        outcome = {"ok": False, "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - any failure means not ready; only its type is reported
        outcome = {"ok": False, "error": type(exc).__name__}
    finally:
        # Each check runs in a thread of its own: its connections end with it.
        connections.close_all()
    outcome["ms"] = round((time.monotonic() - started) * 1000)
    return outcome


def readiness() -> tuple[bool, dict]:
    """Run every check at once, each in a thread, and wait at most READYZ_TIMEOUT for all of them."""
    found = checks()
    pool = ThreadPoolExecutor(max_workers=len(found), thread_name_prefix="readyz")
    futures = {name: pool.submit(_run, check) for name, check in found.items()}
    wait(futures.values(), timeout=readiness_timeout())
    results = {}
    for name, future in futures.items():
        results[name] = future.result() if future.done() else {"ok": False, "error": "timeout"}
    # A check past its deadline keeps its thread until its own socket timeout; the answer does not wait.
    pool.shutdown(wait=False, cancel_futures=True)
    return all(result["ok"] for result in results.values()), results


def healthz() -> HttpResponse:
    return _json({"status": "ok"}, 200)


def readyz() -> HttpResponse:
    ready, results = readiness()
    return _json({"status": "ready" if ready else "not ready", "checks": results}, 200 if ready else 503)


def metrics_response(request) -> HttpResponse:
    token = getattr(settings, "METRICS_TOKEN", "")
    if not token:
        return HttpResponse("Not found", status=404, content_type="text/plain")
    sent = request.META.get("HTTP_AUTHORIZATION", "")
    if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        response = HttpResponse("Unauthorized", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body, content_type = metrics.exposition()
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """First in MIDDLEWARE: /healthz, /readyz and /metrics before host checks, redirects and sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/")
        if path == HEALTH_PATH:
            return healthz()
        if path == READY_PATH:
            return readyz()
        if path == METRICS_PATH:
            return metrics_response(request)
        return self.get_response(request)
