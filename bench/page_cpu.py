"""CPU time per request of the public pages, in one process, against the bare view /bench/hello/.

    .venv/bin/python bench/page_cpu.py        (or `make bench`)

bench/http.py measures requests per second over HTTP, which a shared machine swings from run
to run. This script measures what a page costs the process that serves it: the CPU time
(time.process_time(), user and system) of N requests (BENCH_CPU_REQUESTS, default 500) made
one after the other, by calling the portal's WSGI application with a WSGI environ as gunicorn
would (no cookies, like bench/http.py's clients; a file response is sent with os.sendfile to
/dev/null, as gunicorn sends it). The deployment is bench/http.py's on a throwaway SQLite
database in a temporary folder: the production settings (DEBUG off, cached template loaders,
whitenoise, the cache in a database table), migrate, collectstatic, seed_demo and a public list
of 1,500 names (bench/support/people.py), with render jobs run inline (no render thread runs
during the measurement); the folder is removed at the end.

It prints, after a warm-up of every URL:

    hello_cpu_ms            CPU milliseconds per request of the bare view
    <page>_cpu_ms           CPU milliseconds per request of the page (each must answer 200)
    <page>_cpu_ratio        hello_cpu_ms / <page>_cpu_ms (comparable with bench/http.py's ratios)
    <page>_queries          database queries per request

for home, meeting, programme, public_list, outcome_pdf, list_pdf and report_pdf (bench/http.py's pages).
BENCH_CPU_PROFILE=<page> prints a cProfile of that page's requests instead (cumulative and
internal time, 40 lines each). BENCH_CPU_KEEP=1 keeps the deployment's folder (its path is
printed at the end) and BENCH_CPU_REUSE=<folder> measures on such a folder again without
deploying (the database, static files and stored PDFs are reused).
"""

import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Off the path: bench/http.py would stand in for the standard library's http.
sys.path[:] = [str(ROOT), *(entry for entry in sys.path if Path(entry).resolve() != ROOT / "bench")]

from bench.http import LIST_MEETING, prepare  # noqa: E402
from scripts.smoke_production import HOST, MEETING, Deployment  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_CPU_REQUESTS", "500"))


def deploy() -> Deployment:
    """bench/http.py's deployment on SQLite (its steps run as subprocesses), then Django here on it."""
    # Inline: the renders of seed_demo and of the warm-up happen before the measurement, not in a thread during it.
    env = {"BENCH_HELLO": "1", "RENDER_JOBS_RUNNER": "inline"}
    deployment = Deployment(database="sqlite", env=env, name="page-cpu")
    deployment.failure = None
    reuse = os.environ.get("BENCH_CPU_REUSE")
    if reuse:  # a folder kept by BENCH_CPU_KEEP=1: measure again without deploying again
        deployment.cleanup()
        deployment.workdir = Path(reuse)
        deployment.env.update(
            DATABASE_URL=f"sqlite:///{reuse}/portal.sqlite3",
            DJANGO_STATIC_ROOT=f"{reuse}/static",
            PRIVATE_MEDIA_ROOT=f"{reuse}/private_media",
        )
    else:
        prepare(deployment)
    if deployment.failure is not None:
        deployment.cleanup()
        raise deployment.failure
    for key in [key for key in os.environ if key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "EMAIL_"))]:
        del os.environ[key]
    os.environ.update(deployment.env)
    import django

    django.setup()
    return deployment


class SendFile:
    """wsgi.file_wrapper as gunicorn's: the file goes to the socket (here /dev/null) with sendfile."""

    sink = os.open(os.devnull, os.O_WRONLY)

    def __init__(self, filelike, block_size=8192):
        self.filelike = filelike

    def __iter__(self):
        fileno = self.filelike.fileno()
        offset = 0
        while sent := os.sendfile(self.sink, fileno, offset, 1 << 20):
            offset += sent
        return iter(())

    def close(self):
        self.filelike.close()


def get(application, path: str) -> tuple[str, dict, bytes]:
    import io

    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": path.partition("?")[2],
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": HOST,
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_USER_AGENT": "ccm-bench",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.file_wrapper": SendFile,
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status
        answer["headers"] = dict(headers)

    body = application(environ, start_response)
    try:
        content = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return answer["status"], answer["headers"], content


def warm_up(application, path: str) -> None:
    deadline = time.monotonic() + 120
    while True:
        status, headers, body = get(application, path)
        ready = status.startswith("200") and (
            not path.endswith(".pdf") or headers.get("Content-Type") == "application/pdf"
        )
        if ready:
            break
        if time.monotonic() > deadline:
            raise SystemExit(f"GET {path}: {status} {headers.get('Content-Type')}")
        time.sleep(0.5)
    for _ in range(20):
        get(application, path)


def idle() -> None:
    """Wait for the render jobs the warm-up started in this process's thread (their CPU is not a request's)."""
    from ccm_portal.jobs import runner

    if runner._executor is not None:
        runner._executor.submit(lambda: None).result(timeout=300)


def measure(application, path: str) -> tuple[float, float]:
    """CPU milliseconds and database queries per request of `path`."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.process_time()
        for _ in range(REQUESTS):
            status, _headers, _body = get(application, path)
            if not status.startswith("200"):
                raise SystemExit(f"GET {path}: {status}")
        took = time.process_time() - started
    return took * 1000 / REQUESTS, len(queries) / REQUESTS


def report_pdf(application) -> str:
    """bench/http.py's report_pdf: the public PDF of the first published report listed."""
    status, _headers, body = get(application, "/transparency-reports/")
    found = re.findall(rb'href="(/transparency-reports/\d+/)"', body)
    if not found:
        raise SystemExit(f"no published Article 7 report linked from /transparency-reports/ ({status})")
    return f"{found[0].decode()}pdf/"


def main() -> int:
    deployment = deploy()
    try:
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
        status, _headers, body = get(application, f"/meetings/{MEETING}/outcomes/")
        found = re.findall(rb'href="(/[^"]+\.pdf)"', body)
        if not found:
            raise SystemExit(f"no outcome PDF linked from /meetings/{MEETING}/outcomes/ ({status})")
        pages = {
            "hello": "/bench/hello/",
            "home": "/",
            "meeting": f"/meetings/{MEETING}/",
            "programme": f"/meetings/{MEETING}/programme/",
            "public_list": f"/meetings/{LIST_MEETING}/participants/",
            "outcome_pdf": found[0].decode(),
            "list_pdf": f"/meetings/{LIST_MEETING}/participants.pdf",
            "report_pdf": report_pdf(application),
        }
        for path in pages.values():
            warm_up(application, path)
        idle()
        profiled = os.environ.get("BENCH_CPU_PROFILE")
        if profiled:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(measure, application, pages[profiled])
            stats = pstats.Stats(profile)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(40)
            return 0
        import gc

        gc.collect()
        figures = {}
        for name, path in pages.items():
            figures[name] = measure(application, path)
        hello_ms = figures["hello"][0]
        print(f"{REQUESTS} requests per page, one after the other, production settings on SQLite (CPU time)")
        print(f"hello_cpu_ms {hello_ms:.3f}")
        print(f"hello_queries {figures['hello'][1]:.1f}")
        for name, (cpu_ms, queries) in figures.items():
            if name == "hello":
                continue
            print(f"{name}_cpu_ms {cpu_ms:.3f}")
            print(f"{name}_cpu_ratio {hello_ms / cpu_ms:.3f}")
            print(f"{name}_queries {queries:.1f}")
        return 0
    finally:
        if os.environ.get("BENCH_CPU_KEEP") or os.environ.get("BENCH_CPU_REUSE"):
            print(f"kept {deployment.workdir}", file=sys.stderr)
        else:
            deployment.cleanup()


if __name__ == "__main__":
    sys.exit(main())
