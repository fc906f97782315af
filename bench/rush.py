"""Benchmark: a registration-deadline rush on one and on two web instances behind the round-robin proxy.

    .venv/bin/python bench/rush.py        (or `make bench`, which runs every script in bench/)

On a throwaway PostgreSQL database (dropped at the end) it deploys the portal as
scripts/smoke_production.py does (production settings, migrate, collectstatic), with the
cache in a Redis of its own as the README's "More than one machine" prescribes, and creates
beforehand 2 × BENCH_RUSH_DELEGATES focal points (default 40), each with their own account
and draft delegation of a meeting whose registration is open (bench/support/rush.py).

Then, once with ONE gunicorn instance and once with TWO (scripts/scale_out.py's
gunicorn_service: ccm_portal.gunicorn_conf, 2 × cores + 1 sync workers each), both behind
scripts/scale_out.py's round-robin proxy running in a process of its own (so the comparison
differs only by the number of instances), every delegate of that round starts at the same
moment, on a thread of its own, and does what a person does in a browser:

    GET the login page, POST the e-mail and password with the CSRF token (302),
    GET their delegation's page (200, with the add-participant link), GET the
    add-participant form (200), POST a valid participant as multipart with the form's
    CSRF and one-time tokens (302 to the delegation), follow the redirect (200, the
    participant's name on the page).

At the end the participants are counted in the database: every 302 of the add POST must be
exactly one row of that delegation, and no delegation may have a row without one.

Before each measured round a warm-up round of WARM_UP other delegates runs (not counted; its
rows are checked all the same): a worker's first login, delegation page and form load what the
gunicorn master did not. It prints, for 1 and 2 instances:

    rush_rps_<n>            requests answered as expected per second of the round (wall clock)
    rush_p99_ms_<n>         99th percentile latency of those requests
    rush_login_p50_ms_<n>   median latency of the login POST (the password check, and the queue before it)
    rush_seconds_<n>        how long the round took from the start to the last delegate done
    rush_cpu_ms_<n>         CPU time the gunicorn processes used per delegate (all six requests)
    rush_db_cpu_ms_<n>      CPU time of PostgreSQL's processes serving the database, per delegate
    rush_web_cores_<n>      the gunicorn processes' CPU time over the round's duration (cores they kept busy)
    rush_machine_busy_pct_<n>  how busy all the machine's cores were during the round, whoever used them
    rush_rps_per_web_core_<n>  rush_rps / rush_web_cores: requests a second per core the instances had
    password_check_cpu_ms   CPU time of one check of the deployment's password hasher (Django's PBKDF2,
                            measured in this process): what every login costs whichever instance answers
    rush_errors             unexpected answers, failed requests and rows not accounted for (goal 0)

Capacity is rush_cpu_ms + rush_db_cpu_ms per delegate: a machine whose cores do nothing else
serves about cores × 1000 / that many delegates a second. The other figures say what this
machine gave the run while it did other work (rush_web_cores, rush_machine_busy_pct).

Login throttling is left as the production settings have it: django-axes and the portal's
address and account tiers count failed logins only (ccm_portal/accounts/throttling.py), so
successful logins from the one address of this machine are never throttled, and the proxy's
address is not trusted for X-Forwarded-For (DJANGO_TRUSTED_PROXY_HEADER unset). The client
threads, the proxy, PostgreSQL and the instances share this machine's cores, and the instances
run in this process's session: a kernel that shares a busy machine between sessions (autogroup)
would otherwise give two instances twice the CPU of one and show a gain that is not the portal's.
Needs redis-server on the PATH and PostgreSQL as for make smoke. Environment: SMOKE_POSTGRES_URL;
BENCH_RUSH_DELEGATES (default 40, at most 100); BENCH_RUSH_TIMEOUT (default 600 s, the whole run).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Off the path, as bench/http.py does: the standard library's http must not be bench/http.py.
sys.path[:] = [str(ROOT), *(entry for entry in sys.path if Path(entry).resolve() != ROOT / "bench")]

import json  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402

import psycopg2  # noqa: E402

from scripts.scale_out import (  # noqa: E402
    Browser,
    free_port,
    gunicorn_service,
    hidden_fields,
    redis_service,
    start_proxy_process,
)
from scripts.smoke_production import Deployment, SmokeFailure  # noqa: E402

DELEGATES = min(100, int(os.environ.get("BENCH_RUSH_DELEGATES", "40")))  # one state each, 249 in all
TIMEOUT = int(os.environ.get("BENCH_RUSH_TIMEOUT", "600"))
MEETING = "rush"
WARM_UP = 12  # delegates of the warm-up round before each measured round
TICKS = os.sysconf("SC_CLK_TCK")


# --- one delegate ------------------------------------------------------------------------------


class Delegate(Browser):
    """One person at a browser: every request timed, the first unexpected answer ends the visit."""

    def __init__(self, port: int, email: str, delegation: int):
        super().__init__(port, email)
        self.email, self.delegation = email, delegation
        self.timings: list[tuple[str, float]] = []  # (step, seconds) of the requests answered as expected
        self.error = ""
        self.added = False  # the add POST answered 302 to the delegation

    def step(self, name: str, expected: int, call):
        started = time.perf_counter()
        try:
            status, headers, body = call()
        except OSError as exc:  # a refused or reset connection, a timeout
            raise SmokeFailure(f"{name}: {type(exc).__name__}") from exc
        took = time.perf_counter() - started
        if status != expected:
            raise SmokeFailure(f"{name}: {status} instead of {expected} (instance {self.served_by[-1]})")
        self.timings.append((name, took))
        return headers, body

    def rush(self, password: str, name: str) -> None:
        try:
            self._rush(password, name)
        except SmokeFailure as failure:
            self.error = str(failure)
        except Exception as exc:  # noqa: BLE001 - anything else (a truncated answer, say) is an error of the round too
            self.error = f"{type(exc).__name__}: {exc}"

    def _rush(self, password: str, name: str) -> None:
        login = "/accounts/login/"
        _headers, html = self.step("login form", 200, lambda: self.request(login))
        form = {"csrfmiddlewaretoken": self.csrf_token(html), "username": self.email, "password": password}
        headers, _body = self.step("login", 302, lambda: self.request(login, data=form, referer=login))
        page = f"/delegations/{self.delegation}/"
        add = f"{page}participants/add/"
        _headers, html = self.step("delegation", 200, lambda: self.request(page))
        if f'href="{add}"'.encode() not in html:
            raise SmokeFailure(f"GET {page}: no link to {add}")
        _headers, html = self.step("add form", 200, lambda: self.request(add))
        fields = {
            **hidden_fields(html, 'name="given_name"'),
            "title": "Ms.",
            "given_name": name,
            "family_name": "Rush",
            "name_order": "given_first",
            "function": "Counsellor, Permanent Mission",
            "role": "head",
            "email": f"head.{self.delegation}@rush.example",
            "gender": "female",
            "accessibility_needs": "",
            "public_consent": "on",
        }
        # As a browser sends the form: multipart, with the photo field left empty.
        files = {"photo": ("", b"", "application/octet-stream")}
        headers, _body = self.step("add", 302, lambda: self.post_multipart(add, fields, files, add))
        location = urllib.parse.urlsplit(headers["Location"]).path
        if location != page:
            raise SmokeFailure(f"POST {add}: went to {location}, not {page}")
        self.added = True
        _headers, html = self.step("after add", 200, lambda: self.request(location))
        if name.encode() not in html:
            raise SmokeFailure(f"GET {page} after the add: {name} not on the page")


def rush_round(port: int, delegates: list[dict], password: str, timeout: float) -> dict:
    """Every delegate at once, each on a thread; the round's figures."""
    people = [Delegate(port, entry["email"], entry["delegation"]) for entry in delegates]
    start = threading.Barrier(len(people) + 1)

    def visit(person: Delegate, index: int):
        start.wait()
        person.rush(password, f"Delegate{index:03d}")

    threads = [threading.Thread(target=visit, args=(person, index), daemon=True) for index, person in enumerate(people)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    until = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.1, until - time.monotonic()))
    elapsed = time.perf_counter() - began
    stuck = [person for person, thread in zip(people, threads, strict=True) if thread.is_alive()]
    for person in stuck:
        person.error = person.error or f"not done within {timeout:.0f} s"
    latencies = sorted(took for person in people for _step, took in person.timings)
    logins = sorted(took for person in people for step, took in person.timings if step == "login")
    return {
        "people": people,
        "rps": len(latencies) / elapsed,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "login_p50_ms": percentile(logins, 0.5) * 1000,
        "seconds": elapsed,
        "errors": [f"{person.email}: {person.error}" for person in people if person.error],
        "served_by": sorted({by for person in people for by in person.served_by if by}),
    }


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(len(values) * fraction))]


# --- the deployment ----------------------------------------------------------------------------


def group_cpu_seconds(group: int) -> float:
    """User and system CPU time of every live process in the process group (a gunicorn master and its workers)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command: state ppid pgrp ... utime (14th field of the line) stime (15th).
        if int(fields[2]) == group:
            total += int(fields[11]) + int(fields[12])
    return total / TICKS


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores (/proc/stat)."""
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    idle = values[3] + values[4]  # idle and iowait
    return (sum(values) - idle) / TICKS, sum(values) / TICKS


def database_pids(deployment: Deployment) -> list[int]:
    """The PostgreSQL server processes serving the benchmark's database (one per gunicorn worker that connected)."""
    connection = psycopg2.connect(deployment.admin_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (deployment.database,),
            )
            return [pid for (pid,) in cursor.fetchall()]
    finally:
        connection.close()


def pids_cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended, or on another machine
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def password_check_cpu_ms() -> float:
    """CPU time of one check of the deployment's password hasher (Django's PBKDF2), the least of three."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    encoded = hasher.encode("a password of the rush", hasher.salt())
    times = []
    for _ in range(3):
        started = time.process_time()
        hasher.verify("a password of the rush", encoded)
        times.append(time.process_time() - started)
    return min(times) * 1000


def seed(deployment: Deployment, password: str) -> list[dict]:
    code = f"from bench.support.rush import print_seeded; print_seeded({MEETING!r}, {2 * DELEGATES}, {password!r})"
    output = deployment.manage("shell", "-c", code)
    line = next((line for line in output.splitlines() if line.startswith("RUSH-DELEGATES ")), None)
    if line is None:
        raise SmokeFailure(f"the seeding printed no delegates:\n{output[-2000:]}")
    return json.loads(line.removeprefix("RUSH-DELEGATES "))


def saved_participants(deployment: Deployment, delegations: list[int]) -> dict[int, int]:
    connection = psycopg2.connect(deployment.database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT delegation_id, count(*) FROM delegations_participant WHERE delegation_id = ANY(%s)"
                " GROUP BY delegation_id",
                (delegations,),
            )
            return dict(cursor.fetchall())
    finally:
        connection.close()


def measure(
    deployment: Deployment, instances: int, delegates: list[dict], warm_ups: list[dict], password: str, deadline: float
) -> dict:
    services = [
        # In this process's session: with the kernel's autogroup scheduling (Linux's default on desktops and many
        # servers) each session gets an equal share of a busy machine, and two instances in sessions of their own
        # would get twice the share of one, which says nothing about the portal.
        gunicorn_service(
            f"gunicorn-{instances}-{index}", free_port(), env=deployment.env, workdir=deployment.workdir, session=False
        )
        for index in range(1, instances + 1)
    ]
    proxy = None
    try:
        for service in services:
            service.start()
        proxy_port = free_port()
        proxy = start_proxy_process(proxy_port, [service.port for service in services])
        # A warm-up round first (other accounts, not counted): each worker's first login, delegation page and
        # form load what the master did not; then a short pause for the machine to settle.
        warm = rush_round(proxy_port, warm_ups, password, timeout=max(30, deadline - time.monotonic()))
        time.sleep(2)
        cpu_before = sum(group_cpu_seconds(service.process.pid) for service in services)
        database_before = database_pids(deployment)
        database_cpu_before = pids_cpu_seconds(database_before)
        busy_before, total_before = machine_cpu()
        result = rush_round(proxy_port, delegates, password, timeout=max(30, deadline - time.monotonic()))
        busy, total = machine_cpu()
        cpu = sum(group_cpu_seconds(service.process.pid) for service in services) - cpu_before
        # Connections opened during the round count whole: all their time was spent in it.
        database_cpu = pids_cpu_seconds(sorted(set(database_before) | set(database_pids(deployment))))
        result["cpu_ms"] = cpu * 1000 / len(delegates)
        result["db_cpu_ms"] = (database_cpu - database_cpu_before) * 1000 / len(delegates)
        result["web_cores"] = cpu / result["seconds"]
        result["machine_busy_pct"] = 100 * (busy - busy_before) / max(total - total_before, 1e-9)
        # What a core gives, whatever share of the machine the run got: comparable between runs and machines.
        result["rps_per_web_core"] = result["rps"] / max(result["web_cores"], 1e-9)
        result["errors"] += [f"warm-up {error}" for error in warm["errors"]]
        result["people"] += warm["people"]
        if len(result["served_by"]) != instances:
            result["errors"].append(f"answered by {result['served_by']}, not {instances} instance(s)")
        return result
    except SmokeFailure:
        for service in services:
            print(f"--- {service.name}\n{service.tail()}", file=sys.stderr)
        raise
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.join(10)
        for service in services:
            service.stop()


def run(deployment: Deployment, deadline: float) -> dict:
    deployment.create_database()
    deployment.manage("migrate", "--noinput")
    deployment.manage("collectstatic", "--noinput")
    password = secrets.token_urlsafe(18)
    delegates = seed(deployment, password)
    rounds = {1: delegates[:DELEGATES], 2: delegates[DELEGATES : 2 * DELEGATES]}
    warm_ups = {1: delegates[2 * DELEGATES : 2 * DELEGATES + WARM_UP], 2: delegates[2 * DELEGATES + WARM_UP :]}
    results = {n: measure(deployment, n, people, warm_ups[n], password, deadline) for n, people in rounds.items()}
    # Every POST accounted for: one row per 302, none without.
    rows = saved_participants(deployment, [entry["delegation"] for entry in delegates])
    for result in results.values():
        for person in result["people"]:
            saved = rows.get(person.delegation, 0)
            if saved != (1 if person.added else 0):
                result["errors"].append(
                    f"{person.email}: {saved} participant row(s) after {'a' if person.added else 'no'} 302"
                )
    return results


def main() -> int:
    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    def out_of_time(_signum, _frame):
        raise SmokeFailure(f"the rush benchmark ran out of time ({TIMEOUT} s, BENCH_RUSH_TIMEOUT)")

    if shutil.which("redis-server") is None:
        print(
            "rush: not measured: redis-server is not installed (Debian: apt-get install redis-server).", file=sys.stderr
        )
        return 1
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(TIMEOUT)
    started = time.monotonic()
    redis_port = free_port()
    deployment = Deployment(
        name="rush",
        env={
            # Sessions in the database, the cache (and so the login-throttling counters) in Redis.
            "DJANGO_CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
        },
    )
    redis = redis_service(redis_port, env=deployment.env, workdir=deployment.workdir)
    print(f"== rush: {DELEGATES} delegates a round, database {deployment.database}", flush=True)
    try:
        redis.start()
        results = run(deployment, started + TIMEOUT - 60)
    except (SmokeFailure, OSError, psycopg2.Error) as failure:
        print(f"rush: not measured: {failure}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
        redis.stop()
        deployment.cleanup()
    errors = [error for result in results.values() for error in result["errors"]]
    for error in errors[:20]:
        print(f"  error: {error}", file=sys.stderr)
    took = time.monotonic() - started
    print(
        f"\n{DELEGATES} delegates at once per round (6 requests each), PostgreSQL, cache in Redis, "
        f"gunicorn with the production settings behind the round-robin proxy ({took:.0f} s)."
    )
    print(
        "Login throttling as in production: it counts failed logins only, so these logins from one address pass;"
        " no proxy header is trusted. The instances share this machine's cores with the client, the proxy,"
        " PostgreSQL and whatever else runs here (rush_machine_busy_pct)."
    )
    for n in (1, 2):
        for name in (
            "rps",
            "p99_ms",
            "login_p50_ms",
            "seconds",
            "cpu_ms",
            "db_cpu_ms",
            "web_cores",
            "machine_busy_pct",
            "rps_per_web_core",
        ):
            print(f"rush_{name}_{n} {results[n][name]:.1f}")
    print(f"password_check_cpu_ms {password_check_cpu_ms():.1f}")
    print(f"rush_errors {len(errors)}")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
