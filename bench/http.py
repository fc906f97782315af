"""Benchmark over HTTP: the public pages and PDFs under load, against a bare Django view, served the same way.

    .venv/bin/python bench/http.py        (or `make bench`, which runs every script in bench/)

For PostgreSQL (a throwaway database, dropped at the end) and then for SQLite (a file in a
temporary folder), it deploys the portal as scripts/smoke_production.py does (its Deployment:
production settings, migrate, collectstatic, seed_demo), adds a meeting with 1,500 approved
participants whose list is public (bench/support/people.py), starts gunicorn the same way
(2 workers) with BENCH_HELLO=1, so that /bench/hello/ answers "Hello" through the same
middleware (ccm_portal/bench_views.py), and loads each URL in turn on loopback: 4 client
processes, one connection each, for BENCH_HTTP_SECONDS seconds (default 4) per URL, after a
warm-up. The whole run takes under 3 minutes.

It prints, side by side for both databases:

    hello_rps               requests per second of the bare view (mean of a load before and after the pages)
    <page>_rps              requests per second of the page (only 200 responses count)
    <page>_p99_ms           99th percentile of the page's latency
    <page>_ratio            <page>_rps / hello_rps (goal >= 0.25)
    <page>_errors           responses other than 200 (shown only when there are any)
    anonymous_pdf_renders   WeasyPrint renders that happened during the load (goal 0)
    warmup_pdf_renders      WeasyPrint renders during the warm-up (a first stored copy, say)

for the pages home, meeting (the demo meeting's page), programme, public_list (1,500 names),
outcome_pdf (the first PDF linked from the demo meeting's published outcomes), list_pdf
(the stored public list PDF of the 1,500 names) and report_pdf (the public PDF of the first
published Article 7 report linked from /transparency-reports/). Renders are counted in the served processes:
with BENCH_RENDER_LOG set, ccm_portal/bench_views.py appends a line to that file on every
WeasyPrint write_pdf (the gunicorn workers and any process they start).
The cache is a Redis of the run's own (redis-server on a free port, nothing kept on disk; one
database number per deployment), as the README's deployment runs it; BENCH_HTTP_CACHE=db measures
the production default instead (the table ccm_portal_cache, a query per cache read).
Environment: SMOKE_POSTGRES_URL as for the smoke test; BENCH_HTTP_SECONDS; BENCH_HTTP_DATABASES
(default "postgresql,sqlite"); BENCH_HTTP_CACHE (default "redis").
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Off the path: this file is named http.py and would stand in for the standard library's http.
sys.path[:] = [str(ROOT), *(entry for entry in sys.path if Path(entry).resolve() != ROOT / "bench")]

import http.client  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

import psycopg2  # noqa: E402

from scripts.scale_out import free_port, redis_service  # noqa: E402
from scripts.smoke_production import HOST, MEETING, Deployment, SmokeFailure  # noqa: E402

SECONDS = float(os.environ.get("BENCH_HTTP_SECONDS", "4"))
CLIENTS = 4
DATABASES = [name.strip() for name in os.environ.get("BENCH_HTTP_DATABASES", "postgresql,sqlite").split(",")]
# "redis" (a redis-server of the run's own, as the README deploys) or "db" (the production default's table).
CACHE = os.environ.get("BENCH_HTTP_CACHE", "redis")
LIST_MEETING = "bench-1500"
SEED = f"from bench.support.people import seed_public_list; seed_public_list({LIST_MEETING!r})"
HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https", "User-Agent": "ccm-bench"}


# --- the load ------------------------------------------------------------------------------


def _client(job):
    """One client: GET `path` over one connection (reopened when the server closes it) until the deadline."""
    port, path, deadline = job
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies, errors = [], 0
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=HEADERS)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            connection.close()
            errors += 1
            continue
        took = time.perf_counter() - started
        if response.status == 200:
            latencies.append(took)
        else:
            errors += 1
        if response.will_close:
            connection.close()
    connection.close()
    return latencies, errors


def _default_sigterm() -> None:
    """In a client: SIGTERM ends the process at once. main()'s handler (inherited through fork) would
    raise SystemExit inside the pool's queue code, and a client stuck on the queue's lock hangs
    the pool's terminate() at the end of the run."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def load(pool, port: int, path: str) -> dict:
    started = time.monotonic()
    deadline = started + SECONDS
    try:  # bounded: a client stuck on a server that stopped answering fails the run instead of hanging it
        results = pool.map_async(_client, [(port, path, deadline)] * CLIENTS).get(timeout=SECONDS + 90)
    except multiprocessing.TimeoutError as stuck:
        raise SmokeFailure(f"GET {path}: the clients did not finish within {SECONDS + 90:g} s") from stuck
    elapsed = time.monotonic() - started
    latencies = sorted(latency for found, _errors in results for latency in found)
    errors = sum(found_errors for _found, found_errors in results)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000 if latencies else float("nan")
    return {"rps": len(latencies) / elapsed, "p99_ms": p99, "errors": errors}


def fetch(port: int, path: str) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers=HEADERS)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def warm_up(port: int, path: str, *, pdf: bool) -> None:
    """A few requests to every worker; a PDF must come back as a PDF (its stored copy may be drawn first)."""
    deadline = time.monotonic() + 90
    while True:
        status, content_type, body = fetch(port, path)
        if status == 200 and (not pdf or body.startswith(b"%PDF-")):
            break
        if time.monotonic() > deadline:
            raise SmokeFailure(f"GET {path}: {status} {content_type} instead of {'a PDF' if pdf else 'a page'}")
        time.sleep(0.5)
    for _ in range(2 * CLIENTS):
        fetch(port, path)


# --- one deployment --------------------------------------------------------------------------


def outcome_pdf_path(port: int) -> str:
    status, _type, body = fetch(port, f"/meetings/{MEETING}/outcomes/")
    found = re.findall(rb'href="(/[^"]+\.pdf)"', body)
    if status != 200 or not found:
        raise SmokeFailure(f"no published outcome PDF linked from /meetings/{MEETING}/outcomes/ ({status})")
    return found[0].decode()


def report_pdf_path(port: int) -> str:
    status, _type, body = fetch(port, "/transparency-reports/")
    found = re.findall(rb'href="(/transparency-reports/\d+/)"', body)
    if status != 200 or not found:
        raise SmokeFailure(f"no published Article 7 report linked from /transparency-reports/ ({status})")
    return f"{found[0].decode()}pdf/"


def prepare(deployment: Deployment) -> None:
    """The smoke test's deployment steps (without its checks), and the meeting of 1,500."""
    try:
        deployment.create_database()
        deployment.manage("migrate", "--noinput")
        deployment.manage("collectstatic", "--noinput")
        deployment.manage(
            "seed_demo",
            "--allow-production",
            env={
                "SEED_SECRETARIAT_PASSWORD": secrets.token_urlsafe(18),
                "SEED_DELEGATE_PASSWORD": secrets.token_urlsafe(18),
            },
        )
        deployment.manage("shell", "-c", SEED)
    except (SmokeFailure, OSError, psycopg2.Error) as failure:
        deployment.failure = failure


def measure(deployment: Deployment, pool) -> dict:
    # Only the served processes count renders (seed_demo publishes, and may render, before).
    render_log = deployment.workdir / "renders.log"
    deployment.env["BENCH_RENDER_LOG"] = str(render_log)
    try:
        deployment.start_gunicorn()
        port = deployment.port
        pages = {
            "home": "/",
            "meeting": f"/meetings/{MEETING}/",
            "programme": f"/meetings/{MEETING}/programme/",
            "public_list": f"/meetings/{LIST_MEETING}/participants/",
            "outcome_pdf": outcome_pdf_path(port),
            "list_pdf": f"/meetings/{LIST_MEETING}/participants.pdf",
            "report_pdf": report_pdf_path(port),
        }
        warm_up(port, "/bench/hello/", pdf=False)
        for name, path in pages.items():
            warm_up(port, path, pdf=name.endswith("_pdf"))
        time.sleep(1)  # a render the warm-up started in the background ends first
        figures = {"warmup_pdf_renders": renders(render_log)}
        # The bare view before and after the pages: a machine that gets busier meanwhile moves both.
        hello_before = load(pool, port, "/bench/hello/")["rps"]
        results = {name: load(pool, port, path) for name, path in pages.items()}
        hello_rps = (hello_before + load(pool, port, "/bench/hello/")["rps"]) / 2
        figures["hello_rps"] = hello_rps
        for name, result in results.items():
            figures[f"{name}_rps"] = result["rps"]
            figures[f"{name}_p99_ms"] = result["p99_ms"]
            figures[f"{name}_ratio"] = result["rps"] / hello_rps
            if result["errors"]:
                figures[f"{name}_errors"] = result["errors"]
        figures["anonymous_pdf_renders"] = renders(render_log) - figures["warmup_pdf_renders"]
        return figures
    except SmokeFailure:
        print(f"gunicorn's log (last lines):\n{deployment.log_tail()}", file=sys.stderr)
        raise
    finally:
        deployment.stop_gunicorn()


def renders(render_log: Path) -> int:
    try:
        return len(render_log.read_text().splitlines())
    except FileNotFoundError:
        return 0


# --- output ----------------------------------------------------------------------------------


def print_side_by_side(results: dict) -> None:
    names = []
    for figures in results.values():
        names += [name for name in figures if name not in names]
    order = ["hello_rps"] + [n for n in names if n not in ("hello_rps", "anonymous_pdf_renders")]
    order.append("anonymous_pdf_renders")
    print(f"{'figure':<26}" + "".join(f"{database:>14}" for database in results))
    for name in order:
        cells = []
        for figures in results.values():
            value = figures.get(name)
            if value is None:
                cells.append(f"{'-':>14}")
            elif isinstance(value, int):
                cells.append(f"{value:>14d}")
            elif name.endswith("_ratio"):
                cells.append(f"{value:>14.3f}")
            else:
                cells.append(f"{value:>14.1f}")
        print(f"{name:<26}" + "".join(cells))


def main() -> int:
    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    started = time.monotonic()
    results = {}
    # The cache as the README's deployment has it: a Redis (the run's own), else the production default.
    redis = None
    env = {"BENCH_HELLO": "1"}
    if CACHE == "redis":
        if shutil.which("redis-server") is None:
            print("http: redis-server is not installed (Debian: apt-get install redis-server)", file=sys.stderr)
            return 1
        redis_port = free_port()
    deployments = {}
    for number, database in enumerate(DATABASES, start=1):
        if CACHE == "redis":
            env = {**env, "DJANGO_CACHE_URL": f"redis://127.0.0.1:{redis_port}/{number}"}
        deployments[database] = Deployment(database=database, env=env, name="bench")
    if CACHE == "redis":
        first = next(iter(deployments.values()))
        redis = redis_service(redis_port, env=first.env, workdir=first.workdir)
    # Forked before anything is loaded: the clients are small processes that only send requests.
    with multiprocessing.get_context("fork").Pool(CLIENTS, initializer=_default_sigterm) as pool:
        try:
            if redis is not None:
                redis.start()
            # Both deployments are prepared at once (the steps mostly wait on subprocesses), then loaded in turn.
            for database, deployment in deployments.items():
                deployment.failure = None
                print(f"== {database}: database {deployment.database}, files in {deployment.workdir}", flush=True)
            threads = [threading.Thread(target=prepare, args=(deployment,)) for deployment in deployments.values()]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            for database, deployment in deployments.items():
                try:
                    if deployment.failure is not None:
                        raise deployment.failure
                    results[database] = measure(deployment, pool)
                except (SmokeFailure, OSError, psycopg2.Error) as failure:
                    print(f"{database}: not measured: {failure}", file=sys.stderr)
        finally:
            if redis is not None and redis.process is not None:
                redis.stop()
            for deployment in deployments.values():
                deployment.cleanup()
    if not results:
        return 1
    took = time.monotonic() - started
    setup = f"{CLIENTS} clients, {SECONDS:g} s per URL, gunicorn with the production settings, cache: {CACHE}"
    print(f"\n{setup} ({took:.0f} s)")
    print_side_by_side(results)
    return 0 if len(results) == len(DATABASES) else 1


if __name__ == "__main__":
    sys.exit(main())
