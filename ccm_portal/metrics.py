"""Prometheus metrics (prometheus-client), served at /metrics behind a bearer token (ccm_portal/health.py).

Counted by every web process (RequestMetricsMiddleware):
    ccm_http_requests_total{view,method,status}      requests by URL name and status
    ccm_http_request_duration_seconds{view}          latency histogram
    ccm_db_queries_total{view}                       database queries the requests made
Read at scrape time, from the database and the broker, so every instance reports the same:
    ccm_render_jobs{kind,state}                      render jobs by state
    ccm_render_job_duration_seconds{kind}            durations of the renders finished in the last hour
    ccm_celery_queue_length{queue}                   tasks waiting in the Celery queue (Redis broker)

gunicorn forks several workers: set PROMETHEUS_MULTIPROC_DIR to an empty directory of each
instance (wiped at each start) and every worker's counts are added up in one answer.
"""

import os
import time
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeHistogramMetricFamily, GaugeMetricFamily

REGISTRY = CollectorRegistry()
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
RENDER_BUCKETS = (1, 2, 5, 10, 30, 60, 120, 300, 600)

REQUESTS = Counter(
    "ccm_http_requests",
    "Requests answered, by URL name, method and status",
    ["view", "method", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "ccm_http_request_duration_seconds",
    "Time to answer a request",
    ["view"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
QUERIES = Counter("ccm_db_queries", "Database queries made while answering requests", ["view"], registry=REGISTRY)


def _view_name(request) -> str:
    # URL names only (a bounded set): an unknown path must not create a series of its own.
    match = getattr(request, "resolver_match", None)
    return (match.view_name or "unnamed") if match else "unresolved"


class RequestMetricsMiddleware:
    """Counts each request, its latency and its database queries, labelled by the URL's name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = [0]

        def count(execute, sql, params, many, context):
            queries[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connections[DEFAULT_DB_ALIAS].execute_wrapper(count):
            response = self.get_response(request)
        view = _view_name(request)
        LATENCY.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        if queries[0]:
            QUERIES.labels(view).inc(queries[0])
        return response


class PortalCollector:
    """Render jobs and the Celery queue, read when Prometheus scrapes."""

    def collect(self):
        yield from self._render_jobs()
        queue = self._queue_length()
        if queue is not None:
            yield queue

    def _render_jobs(self):
        from ccm_portal.jobs.models import RenderJob

        states = GaugeMetricFamily("ccm_render_jobs", "Render jobs by kind and state", labels=["kind", "state"])
        for row in RenderJob.objects.values("kind", "status").annotate(n=Count("pk")).order_by():
            states.add_metric([row["kind"], row["status"]], row["n"])
        yield states
        since = timezone.now() - timedelta(hours=1)
        finished = RenderJob.objects.filter(finished_at__gte=since, started_at__isnull=False).values_list(
            "kind", "started_at", "finished_at"
        )
        durations: dict[str, list[float]] = {}
        for kind, started, ended in finished[:5000]:
            durations.setdefault(kind, []).append((ended - started).total_seconds())
        histogram = GaugeHistogramMetricFamily(
            "ccm_render_job_duration_seconds", "Durations of the renders finished in the last hour", labels=["kind"]
        )
        for kind, values in sorted(durations.items()):
            buckets = [(str(bound), sum(value <= bound for value in values)) for bound in RENDER_BUCKETS]
            buckets.append(("+Inf", len(values)))
            histogram.add_metric([kind], buckets, gsum_value=sum(values))
        yield histogram

    def _queue_length(self):
        url = settings.CELERY_BROKER_URL
        if not url.startswith(("redis://", "rediss://")):
            return None
        import redis

        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        gauge = GaugeMetricFamily("ccm_celery_queue_length", "Tasks waiting in the Celery queue", labels=["queue"])
        try:
            client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
            gauge.add_metric([queue], client.llen(queue))
        except redis.RedisError:
            return None  # the broker is down: /readyz says so; no made-up zero here
        return gauge


def exposition() -> tuple[bytes, str]:
    """The text Prometheus reads: this process's counts (or all workers' in multiprocess mode) and the collector."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Process())
    registry.register(PortalCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST


class _Process:
    """This process's own request metrics (single-process mode)."""

    def collect(self):
        yield from REGISTRY.collect()
