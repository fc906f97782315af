"""Production smoke test: the README's "Deploying on PostgreSQL", done literally, then checked over HTTP.

    .venv/bin/python scripts/smoke_production.py      (or `make smoke`)

On a fresh PostgreSQL database (ccm_smoke_<random>, dropped at the end) and with the
production settings and a throwaway secret key, it runs the deployment steps:
`check --deploy`, `migrate`, `collectstatic` into a temporary DJANGO_STATIC_ROOT, a temporary
PRIVATE_MEDIA_ROOT, `create_secretariat` for the first account and
`seed_demo --allow-production` for something to look at. Then it starts gunicorn on a free
port of 127.0.0.1 and requests, as the TLS-terminating proxy would pass them on
(`X-Forwarded-Proto: https` and a Host of DJANGO_ALLOWED_HOSTS):

- fixed checks, each with its one expected status: the home page, the login page, a real
  login form post with its CSRF token, a secretariat page, a static file by its hashed name
  (with long cache headers), PDFs (their text must show the stylesheet's page footer), and a
  404 page that is not Django's debug page;
- a crawl of every same-site link reachable from the home page (depth 2, at most
  SMOKE_CRAWL_LIMIT URLs per visitor), as an anonymous visitor and as the secretariat: any
  5xx fails the run.

It prints one line per check and the crawl counts, and exits 1 on any failure. Only the
standard library and the portal's own requirements (pypdf, psycopg2) are used.

Environment: SMOKE_POSTGRES_URL (an account that may create databases; default
postgres://postgres@127.0.0.1:5432/postgres), SMOKE_CRAWL_LIMIT (default 300).
"""

import base64
import hashlib
import hmac
import http.cookiejar
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import psycopg2
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
HOST = "portal.smoke.invalid"
MEETING = "1msp"
SECRETARIAT = {"email": "first.secretariat@smoke.invalid", "full_name": "First Secretariat Member"}
CRAWL_LIMIT = int(os.environ.get("SMOKE_CRAWL_LIMIT", "300"))
CRAWL_DEPTH = 2
# Never followed by the crawl: they end the session or are not pages (the fixed checks fetch PDFs).
CRAWL_SKIP = re.compile(r"/logout/|\.(pdf|ics|csv|xlsx|zip)(\?|$)")
REQUEST_TIMEOUT = 60


class SmokeFailure(Exception):
    pass


# --- the deployment ------------------------------------------------------------------------


class Deployment:
    """A fresh database and temporary directories, with the environment the README prescribes.

    `database="sqlite"` puts the database in the temporary directory instead (bench/http.py
    measures both); `env` adds variables to the deployment's environment.
    """

    def __init__(self, *, database: str = "postgresql", env: dict | None = None, name: str = "smoke"):
        admin_url = os.environ.get("SMOKE_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        self.admin_url = admin_url
        self.workdir = Path(tempfile.mkdtemp(prefix=f"ccm-{name}-"))
        if database == "sqlite":
            self.database = "SQLite"
            self.database_url = f"sqlite:///{self.workdir}/portal.sqlite3"
        else:
            self.database = f"ccm_{name}_{secrets.token_hex(4)}"
            parts = urllib.parse.urlsplit(admin_url)
            self.database_url = urllib.parse.urlunsplit(parts._replace(path="/" + self.database))
        self.static_root = self.workdir / "static"
        self.private_media = self.workdir / "private_media"
        self.private_media.mkdir()
        self.secretariat_password = secrets.token_urlsafe(18)
        self.port = free_port()
        self.gunicorn = None
        self.gunicorn_log = self.workdir / "gunicorn.log"
        self.created_database = False
        self.env = {
            key: value
            for key, value in os.environ.items()
            # Nothing of the caller's deployment leaks in: mail goes to the console, jobs to a thread.
            if not key.startswith(("DJANGO_", "CELERY_", "EMAIL_", "DATABASE_", "SEED_", "CCM_SECRETARIAT"))
        }
        self.env.update(
            {
                "DJANGO_SETTINGS_MODULE": "ccm_portal.settings.production",
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
                "DJANGO_ALLOWED_HOSTS": HOST,
                "DATABASE_URL": self.database_url,
                "SITE_URL": f"https://{HOST}",
                "PRIVATE_MEDIA_ROOT": str(self.private_media),
                "DJANGO_STATIC_ROOT": str(self.static_root),
                "PYTHONUNBUFFERED": "1",
                **(env or {}),
            }
        )

    def admin_sql(self, statement: str):
        connection = psycopg2.connect(self.admin_url)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    def create_database(self):
        if self.database_url.startswith("sqlite:"):
            return  # migrate creates the file
        self.admin_sql(f'CREATE DATABASE "{self.database}"')
        self.created_database = True

    def manage(self, *args, env=None):
        command = [PYTHON, "manage.py", *args]
        started = time.monotonic()
        result = subprocess.run(  # noqa: S603 - our own manage.py
            command, cwd=ROOT, env={**self.env, **(env or {})}, capture_output=True, text=True, check=False
        )
        took = time.monotonic() - started
        if result.returncode != 0:
            raise SmokeFailure(
                f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout[-3000:]}{result.stderr[-3000:]}"
            )
        report("ok", f"manage.py {' '.join(args)}"[:62], f"{took:.1f} s")
        return result.stdout

    def start_gunicorn(self):
        log = self.gunicorn_log.open("w")
        self.gunicorn = subprocess.Popen(  # noqa: S603 - the virtualenv's gunicorn
            [
                GUNICORN,
                # The README's command: preload, gc.freeze() and the worker count of gunicorn_conf.
                "--config",
                "python:ccm_portal.gunicorn_conf",
                "ccm_portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                # gunicorn 27 opens a control socket in the home directory by default: one per run here.
                "--control-socket",
                str(self.workdir / "gunicorn.ctl"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.gunicorn.poll() is not None:
                raise SmokeFailure(f"gunicorn exited with {self.gunicorn.returncode}:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    report("ok", f"gunicorn listening on 127.0.0.1:{self.port} (pid {self.gunicorn.pid})", "")
                    return
            except OSError:
                time.sleep(0.2)
        raise SmokeFailure(f"gunicorn did not listen on port {self.port} within 30 s:\n{self.log_tail()}")

    def log_tail(self, lines=40) -> str:
        try:
            return "\n".join(self.gunicorn_log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop_gunicorn(self):
        if self.gunicorn is not None and self.gunicorn.poll() is None:
            self.gunicorn.terminate()
            try:
                self.gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.gunicorn.kill()
                self.gunicorn.wait()

    def cleanup(self):
        self.stop_gunicorn()
        if self.created_database:
            try:
                self.admin_sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            except psycopg2.Error as exc:
                print(f"could not drop the database {self.database}: {exc}", file=sys.stderr)
        shutil.rmtree(self.workdir, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- HTTP ------------------------------------------------------------------------------------


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Visitor:
    """One browser: its own cookies, every request as the proxy passes it on (HTTPS, our Host)."""

    def __init__(self, port: int, name: str):
        self.base = f"http://127.0.0.1:{port}"
        self.name = name
        # The session and CSRF cookies are Secure; the proxy's side of the connection is plain HTTP.
        self.cookies = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "http")))
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects)

    def request(self, path: str, data: dict | None = None, referer: str | None = None):
        """(status, headers, body) of one request; redirects are returned, not followed."""
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "User-Agent": "ccm-smoke"}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{referer or path}"
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 - our gunicorn
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def csrf_token(self, html: bytes) -> str:
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not match:
            raise SmokeFailure("no csrfmiddlewaretoken in the login form")
        return match.group(1).decode()


def log_in(visitor: Visitor, email: str, password: str) -> None:
    """Log in through the login form, as a person would, until a page of the portal answers 200.

    The one place the smoke test logs in: a second factor for secretariat accounts is passed
    here, after the password, so that every later request of this visitor is fully logged in.
    """
    login = "/accounts/login/"
    status, _headers, html = visitor.request(login)
    expect(status, 200, f"GET {login} ({visitor.name}, for the form)")
    form = {"csrfmiddlewaretoken": visitor.csrf_token(html), "username": email, "password": password}
    status, headers, body = visitor.request(login, data=form, referer=login)
    if status != 302:
        snippet = re.sub(rb"\s+", b" ", body)[:300].decode(errors="replace")
        raise SmokeFailure(f"POST {login} as {email}: {status} instead of 302 ({snippet})")
    landing = urllib.parse.urlsplit(headers["Location"]).path
    report("ok", f"POST {login} (CSRF token, {email})", f"302 -> {landing}")
    status, headers, _body = visitor.request(landing)
    location = headers.get("Location", "") if status in (301, 302) else ""
    if "/accounts/two-factor/" in location:
        pass_second_factor(visitor, email, location)
        status, headers, _body = visitor.request(landing)
    if status != 200:
        raise SmokeFailure(
            f"after the login, GET {landing} answers {status} -> {headers.get('Location', '')}:"
            " if that is a second factor, log_in() in scripts/smoke_production.py must pass it"
        )


# The authenticator-app keys the set-up pages showed, and the last time step used, per account.
SECOND_FACTOR = {}


def totp_code(key: bytes, counter: int) -> str:
    """RFC 6238 with SHA-1, six digits: what an authenticator app shows for a 30-second step."""
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def _next_code(email: str) -> str:
    # A code works once: within one 30-second step, use the next step's (the portal allows one step of drift).
    state = SECOND_FACTOR[email]
    state["step"] = max(int(time.time() // 30), state.get("step", -1) + 1)
    return totp_code(state["key"], state["step"])


def pass_second_factor(visitor: Visitor, email: str, location: str) -> None:
    """Set up the authenticator app on the first login (as the first secretariat member does), then enter codes.

    The set-up page shows the key as text next to the QR code; it is read from there and the
    codes are worked out from it, so nothing is created behind the portal's back.
    """
    parts = urllib.parse.urlsplit(location)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    next_path = urllib.parse.parse_qs(parts.query).get("next", ["/"])[0]
    status, _headers, html = visitor.request(path)
    expect(status, 200, f"GET {parts.path} ({visitor.name})")
    if parts.path.endswith("/set-up/"):
        match = re.search(rb'data-testid="totp-key">([A-Z2-7 ]+)<', html)
        if not match:
            raise SmokeFailure(f"no key on {parts.path}")
        SECOND_FACTOR[email] = {"key": base64.b32decode(match.group(1).replace(b" ", b""))}
        form = {"csrfmiddlewaretoken": visitor.csrf_token(html), "code": _next_code(email), "next": next_path}
        status, _headers, body = visitor.request(parts.path, data=form, referer=path)
        codes = re.findall(rb'<li class="col">([a-z2-7]{8})</li>', body)
        if status != 200 or len(codes) != 10:
            raise SmokeFailure(f"POST {parts.path}: {status}, {len(codes)} recovery codes instead of 10")
        report("ok", f"POST {parts.path} (TOTP code from the key on the page)", "200, 10 recovery codes")
    else:
        if email not in SECOND_FACTOR:
            raise SmokeFailure(f"{email} has an authenticator app this run did not set up")
        form = {"csrfmiddlewaretoken": visitor.csrf_token(html), "code": _next_code(email), "next": next_path}
        status, headers, _body = visitor.request(parts.path, data=form, referer=path)
        expect(status, 302, f"POST {parts.path} (TOTP code)", headers.get("Location", ""))


# --- checks ----------------------------------------------------------------------------------

RESULTS = {"failures": 0}


def report(outcome: str, what: str, detail: str):
    if outcome != "ok":
        RESULTS["failures"] += 1
    print(f"  {outcome:<4} {what:<62} {detail}".rstrip(), flush=True)


def expect(status: int, expected: int, what: str, detail: str = ""):
    report("ok" if status == expected else "FAIL", what, f"{status}" + (f" ({detail})" if detail else ""))
    if status != expected:
        raise SmokeFailure(f"{what}: {status} instead of {expected}")


def check_page(visitor: Visitor, path: str, contains: str = "") -> bytes:
    status, _headers, body = visitor.request(path)
    expect(status, 200, f"GET {path} ({visitor.name})")
    if contains and contains.encode() not in body:
        report("FAIL", f"  ... {path} shows {contains!r}", "missing")
    return body


def check_pdf(visitor: Visitor, path: str, contains: str):
    started = time.monotonic()
    status, headers, body = visitor.request(path)
    took = time.monotonic() - started
    ok = status == 200 and headers.get("Content-Type") == "application/pdf" and body.startswith(b"%PDF-")
    if not ok:
        report("FAIL", f"GET {path} ({visitor.name})", f"{status} {headers.get('Content-Type')}")
        return
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]
    footers = all(f"{n} / {len(pages)}" in text for n, text in enumerate(pages, start=1))
    found = contains in pages[0]
    detail = f"200, {len(pages)} pages, {took:.1f} s, footer {'on every page' if footers else 'MISSING'}"
    report("ok" if footers and found else "FAIL", f"GET {path} ({visitor.name})", detail)


def check_static(visitor: Visitor, static_root: Path):
    paths = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    for name in ["favicon.svg", "vendor/bootstrap/bootstrap.min.css"]:
        hashed = paths[name]
        status, headers, _body = visitor.request(f"/static/{hashed}")
        cache = headers.get("Cache-Control", "")
        max_age = int(re.search(r"max-age=(\d+)", cache).group(1)) if "max-age=" in cache else 0
        ok = status == 200 and max_age >= 365 * 24 * 3600
        report("ok" if ok else "FAIL", f"GET /static/{hashed}", f"{status}, Cache-Control: {cache}")


def probe(port: int, path: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def check_probes(deployment: Deployment):
    """What a load balancer asks: the instance's own address over plain HTTP, no X-Forwarded-Proto.

    /readyz is asked again for up to 60 s, as a balancer would: a worker's first answer also
    loads the migration graph, which a busy machine may not finish within READYZ_TIMEOUT.
    """
    status, payload = probe(deployment.port, "/healthz")
    report("ok" if status == 200 and payload == {"status": "ok"} else "FAIL", "GET /healthz (plain HTTP)", f"{status}")
    deadline = time.monotonic() + 60
    while True:
        status, payload = probe(deployment.port, "/readyz")
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(1)
    ok = status == 200 and payload.get("status") == "ready"
    report("ok" if ok else "FAIL", "GET /readyz (plain HTTP)", f"{status} {json.dumps(payload.get('checks'))}")


def check_anonymous(deployment: Deployment) -> Visitor:
    anonymous = Visitor(deployment.port, "anonymous")
    check_page(anonymous, "/", contains="CCM")
    check_page(anonymous, "/accounts/login/", contains="csrfmiddlewaretoken")
    status, _headers, body = anonymous.request("/no-such-page/")
    debug_page = b"URLconf" in body or b"DEBUG = True" in body
    report(
        "ok" if status == 404 and not debug_page else "FAIL",
        "GET /no-such-page/ (anonymous, no debug page)",
        f"{status}",
    )
    check_static(anonymous, deployment.static_root)
    check_pdf(anonymous, f"/meetings/{MEETING}/agenda.pdf", contains="CCM/MSP/2010/1")
    return anonymous


def check_secretariat(deployment: Deployment) -> Visitor:
    secretariat = Visitor(deployment.port, "secretariat")
    log_in(secretariat, SECRETARIAT["email"], deployment.secretariat_password)
    check_page(secretariat, f"/secretariat/{MEETING}/", contains=SECRETARIAT["full_name"])
    check_pdf(secretariat, f"/secretariat/{MEETING}/credentials.pdf", contains="Report on credentials")
    return secretariat


# --- crawl -----------------------------------------------------------------------------------


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def same_site_links(page_path: str, html: bytes) -> list[str]:
    parser = Links()
    parser.feed(html.decode("utf-8", errors="replace"))
    found = []
    for href in parser.hrefs:
        url = urllib.parse.urljoin(f"https://{HOST}{page_path}", href.strip())
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "https" or parts.netloc != HOST:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not CRAWL_SKIP.search(path):
            found.append(path)
    return found


def crawl(visitor: Visitor) -> dict:
    seen = {"/"}
    queue = [("/", 0)]
    counts = {"requests": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0}
    errors = []
    started = time.monotonic()
    while queue and counts["requests"] < CRAWL_LIMIT:
        path, depth = queue.pop(0)
        status, headers, body = visitor.request(path)
        counts["requests"] += 1
        counts[f"{status // 100}xx"] = counts.get(f"{status // 100}xx", 0) + 1
        if status >= 500:
            errors.append(f"{status} {path}")
        if depth < CRAWL_DEPTH and status == 200 and "text/html" in headers.get("Content-Type", ""):
            for link in same_site_links(path, body):
                if link not in seen:
                    seen.add(link)
                    queue.append((link, depth + 1))
    counts["seconds"] = round(time.monotonic() - started, 1)
    counts["not visited (limit)"] = len(queue)
    outcome = "ok" if not errors else "FAIL"
    summary = ", ".join(f"{key} {value}" for key, value in counts.items())
    report(outcome, f"crawl from / as {visitor.name} (depth {CRAWL_DEPTH})", summary)
    for error in errors:
        report("FAIL", f"  server error: {error}", "")
    return counts


# --- main ------------------------------------------------------------------------------------


def deploy(deployment: Deployment, *, delegate_password: str = ""):
    """The README's steps 3 and 4 on a fresh database: check, migrate (once), static files, accounts, demo data.

    scripts/scale_out.py deploys the same way before it starts its instances; it passes the
    demonstration focal points' password to log in as one of them.
    """
    deployment.create_database()
    report("ok", f"CREATE DATABASE {deployment.database}", "")
    deployment.manage("check", "--deploy", "--fail-level", "WARNING")
    deployment.manage("migrate", "--noinput")
    deployment.manage("collectstatic", "--noinput")
    deployment.manage(
        "create_secretariat",
        "--email",
        SECRETARIAT["email"],
        "--full-name",
        SECRETARIAT["full_name"],
        env={"CCM_SECRETARIAT_PASSWORD": deployment.secretariat_password},
    )
    deployment.manage(
        "seed_demo",
        "--allow-production",
        # Throwaway passwords: nobody logs in to the demonstration accounts unless the caller says so.
        env={
            "SEED_SECRETARIAT_PASSWORD": secrets.token_urlsafe(18),
            "SEED_DELEGATE_PASSWORD": delegate_password or secrets.token_urlsafe(18),
        },
    )


def run(deployment: Deployment):
    print(f"Production smoke test: database {deployment.database}, files in {deployment.workdir}")
    deploy(deployment)
    deployment.start_gunicorn()
    check_probes(deployment)
    crawl(check_anonymous(deployment))
    crawl(check_secretariat(deployment))


def main() -> int:
    started = time.monotonic()
    deployment = Deployment()

    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    try:
        run(deployment)
    except SmokeFailure as failure:
        RESULTS["failures"] += 1
        print(f"\nFAILED: {failure}", file=sys.stderr)
    finally:
        if RESULTS["failures"] and deployment.gunicorn is not None:
            print(f"\ngunicorn's log (last lines):\n{deployment.log_tail()}", file=sys.stderr)
        deployment.cleanup()
    took = time.monotonic() - started
    if RESULTS["failures"]:
        print(f"Production smoke test FAILED: {RESULTS['failures']} failure(s) in {took:.0f} s.")
        return 1
    print(f"Production smoke test passed in {took:.0f} s (database and files removed).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
