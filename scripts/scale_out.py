"""Scale-out test: the portal on several processes that share only PostgreSQL, Redis and an S3 bucket.

    .venv/bin/python scripts/scale_out.py      (or `make scale-out`)

On this machine it starts, each on a free port of 127.0.0.1: a Redis server of its own,
moto's standalone S3 server with a private bucket, two gunicorn instances with the
production settings (a fresh PostgreSQL database as in scripts/smoke_production.py,
DJANGO_CACHE_URL and CELERY_BROKER_URL on that Redis, DJANGO_STORAGE_S3_* on that bucket),
one Celery worker, and a round-robin proxy in front of the two instances that says which
instance answered (X-Served-By). Through the proxy it then checks that:

1. a focal point registers a delegation and uploads a note verbale on one instance and
   downloads the same bytes through the other, and the file is in the bucket, not on disk;
2. the secretariat starts a badge render, the worker renders it into the bucket, and the
   sheet is downloaded through both instances;
3. one login holds on both instances (sessions in the database, the cache in Redis);
4. a render queued while the worker is stopped completes once it is started again;
5. /readyz answers 503 on both instances while Redis is stopped and 200 once it is back.

The whole run is bounded (SCALE_OUT_TIMEOUT, default 1800 s; each wait for a render or a probe
has its own shorter bound); it prints one line per check and exits 1 on any failure, stopping
every process it started and removing the database and the temporary files. One run took
640 s on a busy 2-core machine, most of it collectstatic, migrate and seed_demo.
Needs redis-server on the PATH and PostgreSQL as for make smoke (SMOKE_POSTGRES_URL).
"""

import hashlib
import http.client
import http.server
import itertools
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), *(entry for entry in sys.path if Path(entry).resolve() != ROOT / "scripts")]

import boto3  # noqa: E402

from scripts.smoke_production import (  # noqa: E402
    HOST,
    RESULTS,
    SECRETARIAT,
    Deployment,
    SmokeFailure,
    Visitor,
    deploy,
    expect,
    free_port,
    log_in,
    report,
)

PYTHON = sys.executable
BIN = Path(PYTHON).parent
BUCKET = "ccm-scale-out"
OPEN_MEETING = "2msp"  # the demo's meeting whose registration is open
DELEGATE = "focal.norway@ccm-portal.example"
NEW_STATE = "IS"  # a state the demonstration data does not register
TIMEOUT = int(os.environ.get("SCALE_OUT_TIMEOUT", "1800"))
DEADLINE = time.monotonic() + TIMEOUT


def remaining() -> float:
    left = DEADLINE - time.monotonic()
    if left <= 0:
        raise SmokeFailure("the scale-out test ran out of time (SCALE_OUT_TIMEOUT)")
    return left


def wait_for(what: str, probe, *, timeout: float = 120, interval: float = 0.5):
    """Call probe() until it returns something true; its value. Bounded by timeout and the run's deadline."""
    until = time.monotonic() + min(timeout, remaining())
    while time.monotonic() < until:
        value = probe()
        if value:
            return value
        time.sleep(interval)
    raise SmokeFailure(f"{what}: not within {timeout:.0f} s")


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


# --- the services ----------------------------------------------------------------------------


class Service:
    """One child process with its log in the work directory."""

    def __init__(
        self, name: str, command: list[str], *, env: dict, workdir: Path, port: int | None = None, session: bool = True
    ):
        """`session=False`: a process group of its own (stop() still ends the process and its children) in this
        process's session, so that a kernel scheduling by session (autogroup) counts it with the caller."""
        self.name, self.command, self.env, self.port = name, command, env, port
        self.session = session
        self.log_path = workdir / f"{name}.log"
        self.process = None

    def start(self):
        log = self.log_path.open("a")
        apart = {"start_new_session": True} if self.session else {"process_group": 0}
        self.process = subprocess.Popen(  # noqa: S603 - our own programs
            self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, **apart
        )
        if self.port:
            wait_for(
                f"{self.name} listening on {self.port}", lambda: self._alive() and listening(self.port), timeout=90
            )
        report("ok", f"started {self.name}" + (f" on 127.0.0.1:{self.port}" if self.port else ""), "")

    def _alive(self) -> bool:
        if self.process.poll() is not None:
            raise SmokeFailure(f"{self.name} exited with {self.process.returncode}:\n{self.tail()}")
        return True

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class RoundRobinProxy(http.server.ThreadingHTTPServer):
    """Sends each request to the next instance in turn and names it in X-Served-By."""

    daemon_threads = True

    def __init__(self, port: int, upstreams: list[int]):
        self.upstreams = itertools.cycle(upstreams)
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", port), ProxyHandler)

    def next_upstream(self) -> int:
        with self.lock:
            return next(self.upstreams)


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _forward(self):
        upstream = self.server.next_upstream()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {key: value for key, value in self.headers.items() if key.lower() not in ("connection",)}
        connection = http.client.HTTPConnection("127.0.0.1", upstream, timeout=120)
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            answer = connection.getresponse()
            payload = answer.read()
        except OSError as exc:
            self.send_error(502, f"upstream {upstream}: {type(exc).__name__}")
            return
        finally:
            connection.close()
        self.send_response_only(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in ("connection", "transfer-encoding", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("X-Served-By", str(upstream))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_HEAD = _forward


def start_proxy(port: int, upstreams: list[int]) -> RoundRobinProxy:
    """The round-robin proxy on a thread of this process (stop it with .shutdown())."""
    proxy = RoundRobinProxy(port, upstreams)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    report("ok", f"round-robin proxy on 127.0.0.1:{port} -> {', '.join(map(str, upstreams))}", "")
    return proxy


def _serve_proxy(port: int, upstreams: list[int]) -> None:
    RoundRobinProxy(port, upstreams).serve_forever()


def start_proxy_process(port: int, upstreams: list[int]):
    """The proxy in a process of its own, so that a load generated in this one does not slow it down.

    bench/rush.py uses it: its client threads and the proxy would otherwise share one interpreter
    lock. Returns the started multiprocessing.Process (terminate() it); bounded by the port check.
    """
    import multiprocessing

    process = multiprocessing.get_context("fork").Process(target=_serve_proxy, args=(port, upstreams), daemon=True)
    process.start()
    wait_for(f"the proxy listening on {port}", lambda: process.is_alive() and listening(port), timeout=30)
    report("ok", f"round-robin proxy (own process) on 127.0.0.1:{port} -> {', '.join(map(str, upstreams))}", "")
    return process


def redis_service(port: int, *, env: dict, workdir: Path) -> Service:
    """A Redis of the run's own on 127.0.0.1:port, nothing persisted."""
    return Service(
        "redis",
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        env=env,
        workdir=workdir,
        port=port,
    )


def gunicorn_service(name: str, port: int, *, env: dict, workdir: Path, session: bool = True) -> Service:
    """One web instance as the README starts it: gunicorn with ccm_portal.gunicorn_conf on 127.0.0.1:port."""
    return Service(
        name,
        [
            str(BIN / "gunicorn"),
            "--config",
            "python:ccm_portal.gunicorn_conf",
            "ccm_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            # gunicorn 27 opens a control socket in the home directory by default: one per instance here.
            "--control-socket",
            str(workdir / f"{name}.ctl"),
        ],
        env=env,
        workdir=workdir,
        port=port,
        session=session,
    )


class Cluster:
    def __init__(self):
        self.redis_port, self.s3_port = free_port(), free_port()
        self.deployment = Deployment(
            name="scale",
            env={
                "DJANGO_CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/1",
                "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
                "DJANGO_STORAGE_S3_BUCKET": BUCKET,
                "DJANGO_STORAGE_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
                "DJANGO_STORAGE_S3_REGION": "us-east-1",
                "DJANGO_STORAGE_S3_ACCESS_KEY_ID": "scale-out",
                "DJANGO_STORAGE_S3_SECRET_ACCESS_KEY": secrets.token_urlsafe(24),
                "DJANGO_STORAGE_S3_ADDRESSING_STYLE": "path",
                "GUNICORN_WORKERS": "2",
                "DJANGO_READYZ_TIMEOUT": "3",
            },
        )
        self.env = self.deployment.env
        workdir = self.deployment.workdir
        self.redis = redis_service(self.redis_port, env=self.env, workdir=workdir)
        self.s3 = Service(
            "moto-s3",
            [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)],
            env=self.env,
            workdir=workdir,
            port=self.s3_port,
        )
        self.instances = [
            gunicorn_service(f"gunicorn-{index}", free_port(), env=self.env, workdir=workdir) for index in (1, 2)
        ]
        self.worker = Service(
            "celery-worker",
            [str(BIN / "celery"), "-A", "ccm_portal", "worker", "--loglevel=INFO", "--concurrency=1", "--pool=solo"],
            env=self.env,
            workdir=workdir,
        )
        self.proxy_port = free_port()
        self.proxy = None
        self.delegate_password = secrets.token_urlsafe(18)

    def s3_client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.env["DJANGO_STORAGE_S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id=self.env["DJANGO_STORAGE_S3_ACCESS_KEY_ID"],
            aws_secret_access_key=self.env["DJANGO_STORAGE_S3_SECRET_ACCESS_KEY"],
        )

    def bucket_keys(self) -> set[str]:
        listing = self.s3_client().list_objects_v2(Bucket=BUCKET)
        return {entry["Key"] for entry in listing.get("Contents", [])}

    def start(self):
        self.redis.start()
        self.s3.start()
        self.s3_client().create_bucket(Bucket=BUCKET)
        # Migrated once, before any instance starts (README, "More than one machine").
        deploy(self.deployment, delegate_password=self.delegate_password)
        for instance in self.instances:
            instance.start()
        self.worker.start()
        self.proxy = start_proxy(self.proxy_port, [instance.port for instance in self.instances])

    def stop(self):
        if self.proxy is not None:
            self.proxy.shutdown()
        for service in [self.worker, *self.instances, self.s3, self.redis]:
            service.stop()
        self.deployment.cleanup()

    def logs(self) -> str:
        return "\n".join(
            f"--- {service.name}\n{service.tail()}" for service in [*self.instances, self.worker, self.redis, self.s3]
        )


# --- through the proxy -----------------------------------------------------------------------


class Browser(Visitor):
    """A Visitor of the proxy that remembers which instance answered each request."""

    def __init__(self, port: int, name: str):
        super().__init__(port, name)
        self.served_by = []

    def request(self, path, data=None, referer=None):
        status, headers, body = super().request(path, data=data, referer=referer)
        self.served_by.append(headers.get("X-Served-By"))
        return status, headers, body

    def post_multipart(self, path: str, fields: dict, files: dict, referer: str):
        boundary = secrets.token_hex(16)
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content, content_type) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{referer}",
        }
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 - our proxy
        try:
            with self.opener.open(request, timeout=120) as response:
                answer = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            answer = error.code, error.headers, error.read()
        self.served_by.append(answer[1].get("X-Served-By"))
        return answer


def hidden_fields(html: bytes, marker: str) -> dict:
    """The hidden inputs (CSRF token, one-time form token) of the page's form that contains `marker`."""
    text = html.decode(errors="replace")
    forms = [form for form in re.findall(r"<form\b.*?</form>", text, flags=re.S) if marker in form]
    if not forms:
        raise SmokeFailure(f"no form with {marker!r} on the page")
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", forms[0]):
        if 'type="hidden"' in tag:
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[name.group(1)] = value.group(1) if value else ""
    return fields


def small_pdf(text: str) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def check_note_verbale(cluster: Cluster) -> None:
    delegate = Browser(cluster.proxy_port, "focal point")
    log_in(delegate, DELEGATE, cluster.delegate_password)
    register = f"/meetings/{OPEN_MEETING}/register/"
    status, _headers, html = delegate.request(register)
    expect(status, 200, f"GET {register}")
    form = {**hidden_fields(html, 'name="country"'), "kind": "state", "country": NEW_STATE, "contact_email": DELEGATE}
    status, headers, body = delegate.request(register, data=form, referer=register)
    if status != 302:
        text = re.sub(rb"<[^>]+>|\s+", b" ", body)[:400]
        raise SmokeFailure(f"POST {register}: {status} {text!r}")
    location = urllib.parse.urlsplit(headers["Location"]).path
    match = re.search(r"/delegations/(\d+)/", location)
    if not match:
        raise SmokeFailure(f"registration went to {location}, not a delegation")
    report("ok", f"POST {register} (registers {NEW_STATE})", f"302 -> {location}")
    pk = match.group(1)
    page = f"/delegations/{pk}/"
    status, _headers, html = delegate.request(page)
    expect(status, 200, f"GET {page}")
    upload = f"/delegations/{pk}/document/upload/"
    content = small_pdf("Note verbale of the scale-out test")
    before = cluster.bucket_keys()
    status, headers, _body = delegate.post_multipart(
        upload,
        hidden_fields(html, 'name="document"'),
        {"document": ("note-verbale.pdf", content, "application/pdf")},
        page,
    )
    uploaded_on = delegate.served_by[-1]
    expect(status, 302, f"POST {upload} (on instance {uploaded_on})")
    # The worker may be writing renders meanwhile: the note verbale is the new object with its bytes.
    client = cluster.s3_client()
    added = sorted(cluster.bucket_keys() - before)
    stored = [key for key in added if client.get_object(Bucket=BUCKET, Key=key)["Body"].read() == content]
    report("ok" if stored else "FAIL", "the note verbale is a new object in the bucket", ", ".join(stored))
    on_disk = list(cluster.deployment.private_media.rglob("*.pdf"))
    report("ok" if not on_disk else "FAIL", "nothing under PRIVATE_MEDIA_ROOT", f"{len(on_disk)} files")
    download = f"/delegations/{pk}/document/"
    for _attempt in range(2):  # round robin: the next request goes to the other instance
        status, _headers, body = delegate.request(download)
        if delegate.served_by[-1] != uploaded_on:
            break
    same = status == 200 and body == content
    report(
        "ok" if same and delegate.served_by[-1] != uploaded_on else "FAIL",
        f"GET {download} on the other instance ({delegate.served_by[-1]})",
        f"{status}, {'same bytes' if same else 'DIFFERENT'}",
    )


def check_login_holds_everywhere(browser: Browser, path: str, name: str) -> None:
    answered = set()
    for _ in range(4):
        status, _headers, body = browser.request(path)
        if status != 200 or name.encode() not in body:
            report("FAIL", f"GET {path} (logged in, instance {browser.served_by[-1]})", str(status))
            return
        answered.add(browser.served_by[-1])
    report("ok" if len(answered) == 2 else "FAIL", f"one login, {len(answered)} instances answer {path}", "200")


def start_badges(secretariat: Browser, meeting: str, choice: int) -> str:
    badges = f"/secretariat/{meeting}/badges/"
    status, _headers, html = secretariat.request(badges)
    expect(status, 200, f"GET {badges}")
    select = re.search(rb'<select[^>]*name="delegation".*?</select>', html, flags=re.S)
    options = re.findall(rb'<option value="(\d+)"', select.group(0)) if select else []
    if len(options) <= choice:
        raise SmokeFailure(f"{badges} offers {len(options)} delegations")
    form = {**hidden_fields(html, 'name="which"'), "which": "delegation", "delegation": options[choice].decode()}
    status, headers, _body = secretariat.request(badges, data=form, referer=badges)
    expect(status, 302, f"POST {badges} (one delegation's badges)", headers.get("Location", ""))
    job = urllib.parse.urlsplit(headers["Location"]).path
    return job.rstrip("/") + "/download/"


def fetch_when_ready(browser: Browser, download: str, what: str, timeout: float) -> bytes:
    def ready():
        status, headers, body = browser.request(download)
        return body if status == 200 and body.startswith(b"%PDF-") else None

    body = wait_for(f"{what} ({download})", ready, timeout=timeout, interval=2)
    report("ok", f"{what}: GET {download}", f"200, {len(body)} bytes, instance {browser.served_by[-1]}")
    return body


def check_badges(cluster: Cluster, secretariat: Browser) -> None:
    download = start_badges(secretariat, "1msp", 0)
    started_on = secretariat.served_by[-1]
    first = fetch_when_ready(secretariat, download, "badges rendered by the worker", timeout=300)
    status, _headers, second = secretariat.request(download)
    other = secretariat.served_by[-1]
    same = status == 200 and hashlib.sha256(second).digest() == hashlib.sha256(first).digest()
    report("ok" if same else "FAIL", f"the same sheet through instance {other} (started on {started_on})", str(status))


def check_worker_restart(cluster: Cluster, secretariat: Browser) -> None:
    cluster.worker.stop()
    report("ok", "stopped the Celery worker", "")
    download = start_badges(secretariat, "1msp", 1)  # another set: a new job
    time.sleep(3)
    status, _headers, _body = secretariat.request(download)
    report("ok" if status == 404 else "FAIL", "while the worker is down the job waits", str(status))
    cluster.worker.start()
    fetch_when_ready(secretariat, download, "the job queued while the worker was down", timeout=300)


def readiness(port: int) -> int:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/readyz")
        return connection.getresponse().status
    except OSError:
        return 0
    finally:
        connection.close()


def check_readiness_follows_redis(cluster: Cluster) -> None:
    ports = [instance.port for instance in cluster.instances]
    # A worker's first answer also loads the migration graph: a busy machine may need a second try.
    wait_for("/readyz 200 on both instances", lambda: all(readiness(p) == 200 for p in ports), timeout=60)
    report("ok", "/readyz answers 200 on both instances", "")
    cluster.redis.stop()
    wait_for("/readyz 503 on both with Redis stopped", lambda: all(readiness(p) == 503 for p in ports), timeout=60)
    report("ok", "/readyz answers 503 on both instances while Redis is stopped", "")
    cluster.redis.start()
    wait_for("/readyz 200 on both with Redis back", lambda: all(readiness(p) == 200 for p in ports), timeout=60)
    report("ok", "/readyz answers 200 on both instances once Redis is back", "")


def run(cluster: Cluster) -> None:
    print(f"Scale-out test: database {cluster.deployment.database}, files in {cluster.deployment.workdir}")
    cluster.start()
    check_note_verbale(cluster)
    secretariat = Browser(cluster.proxy_port, "secretariat")
    log_in(secretariat, SECRETARIAT["email"], cluster.deployment.secretariat_password)
    check_login_holds_everywhere(secretariat, "/secretariat/1msp/", SECRETARIAT["full_name"])
    check_badges(cluster, secretariat)
    check_worker_restart(cluster, secretariat)
    check_readiness_follows_redis(cluster)


def main() -> int:
    if shutil.which("redis-server") is None:
        print("redis-server is not installed (Debian: apt-get install redis-server).", file=sys.stderr)
        return 1
    started = time.monotonic()
    cluster = Cluster()

    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    def out_of_time(_signum, _frame):
        raise SmokeFailure(f"the scale-out test ran out of time ({TIMEOUT} s, SCALE_OUT_TIMEOUT)")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(TIMEOUT)
    try:
        run(cluster)
    except SmokeFailure as failure:
        RESULTS["failures"] += 1
        print(f"\nFAILED: {failure}", file=sys.stderr)
    finally:
        signal.alarm(0)
        if RESULTS["failures"]:
            print(f"\nThe services' logs (last lines):\n{cluster.logs()}", file=sys.stderr)
        cluster.stop()
    took = time.monotonic() - started
    if RESULTS["failures"]:
        print(f"Scale-out test FAILED: {RESULTS['failures']} failure(s) in {took:.0f} s.")
        return 1
    print(f"Scale-out test passed in {took:.0f} s (database, bucket and files removed).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
