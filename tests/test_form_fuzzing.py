"""Form fuzzing: every URL of the portal, as the secretariat, a focal point and an anonymous
visitor, answers junk with a page, a redirect or a 4xx, never a server error; and every page,
as rendered, carries the Content-Security-Policy and needs no inline script or style.

Every URL pattern is taken from the resolver (Django's admin aside), with real objects for its
path parameters. Each page is fetched with junk query strings; the fields of the forms it shows
are collected from its HTML; then every URL that takes POST is posted empty and with junk in every
field (line breaks, NUL, "²", very long text, negative and huge numbers, impossible dates, unknown
choices, files that are not files). Each request runs in a savepoint that is rolled back, so a
junk post that succeeds (a deletion, a state change) leaves the next request the same objects.
"""

import re
import time
import traceback
from dataclasses import dataclass, field
from html import unescape

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ccm_portal.documents.models import Document
from ccm_portal.jobs.models import RenderJob
from delegations import lists, services_papers
from delegations.models import Delegation, PaperSubmission
from outcomes import services as outcome_services
from sessions import services as session_services
from sessions.slots import slot_value
from tests.accounts.helpers import SecondFactorClient
from tests.conftest import make_pdf_bytes
from tests.factories import (
    DelegationFactory,
    JoinRequestFactory,
    MeetingFactory,
    ParticipantFactory,
    SecretariatFactory,
    TreatyStatusFactory,
    UserFactory,
)
from tests.outcomes.factories import build_plan, deadline, organiser
from tests.reporting import fuzzing as reporting_fuzzing
from tests.sessions.factories import MeetingSessionFactory, RoomFactory
from tests.test_security_headers import policy_breaches

pytestmark = pytest.mark.django_db

LONG = "Ǆ" * 30_000  # longer than any field of the portal allows
JUNK_VALUES = {
    "superscript": "²",
    "nul": "a\x00b",
    "newlines": "Line one\r\nBcc: victim@example.org\nline three",
    "long": LONG,
    "negative": "-1",
    "huge": "99999999999999999999999999",
    "float": "1e309",
    "bad-date": "2010-02-31 25:61",
    "list": ["1", "abc", "²"],
}
QUERY_JUNK = [
    {"page": "²", "from": "²", "to": "²", "q": "\x00", "section": "²", "after": "²", "item": "²", "kind": "<x>"},
    {
        "page": "-1",
        "from": "-1",
        "to": "99999999999999999999",
        "q": LONG[:5000],
        "day": "2010-02-31",
        "status": ["?", "x"],
        "category": "seven",
        "variant": "../../etc",
        "delegation": "²",
    },
]
# Parameters every page gets in its junk query strings, besides the fields of its GET forms.
QUERY_NAMES = ["page", "from", "to", "q", "section", "after", "item", "status", "category", "kind", "delegation"]
FIELD = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.I)
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.I | re.S)
ACTION = re.compile(r"""\baction\s*=\s*["']([^"']*)["']""")
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.I | re.S)
VALUE = re.compile(r"""\bvalue\s*=\s*["']([^"']*)["']""")
# Files that are not what the form expects: an executable, a CSV with a NUL byte, a CSV field
# longer than Python's csv module accepts (131,072 characters).
NOT_FILES = [
    ("note.pdf", b"MZ\x90\x00\x03 not a pdf", "application/pdf"),
    ("register.csv", b"country\nFR\x00\n", "text/csv"),
    ("register.csv", b'country\n"' + b"x" * 140_000 + b'"\n', "text/csv"),
]
NAME = re.compile(r"""\bname\s*=\s*["']([^"']+)["']""")
TYPE = re.compile(r"""\btype\s*=\s*["']([^"']+)["']""")
NOT_FIELDS = {"csrfmiddlewaretoken"}


@dataclass
class World:
    meeting: object
    secretariat: object
    focal_point: object
    delegation: object
    participant: object
    join_request: object
    treaty_status: object
    lop_job: object
    badges_job: object
    room: object
    item: object
    session: object
    speakers_list: object
    entry: object
    statement: object
    side_event: object
    document: object
    section: object
    paragraph: object
    proposal: object
    drafter: object


@pytest.fixture
def world(db) -> World:
    meeting = MeetingFactory(symbol_prefix="CCM/MSP/2010", title="First Meeting of States Parties", short_title="1MSP")
    secretariat = SecretariatFactory()
    focal_point = UserFactory(full_name="Focal Point of France")
    france = DelegationFactory(
        meeting=meeting, country="FR", sort_name="France", created_by=focal_point, status=Delegation.Status.APPROVED
    )
    DelegationFactory(meeting=meeting, country="DE", sort_name="Germany", status=Delegation.Status.APPROVED)
    participant = ParticipantFactory(delegation=france, role="head", title="H.E. Mr.")
    join_request = JoinRequestFactory(delegation=france)
    lop_job = RenderJob.objects.create(
        kind=lists.LOP_KIND,
        meeting=meeting,
        key="lop-complete",
        fingerprint="fuzz-lop",
        filename="list.pdf",
        params={"variant": "complete"},
        status=RenderJob.Status.RUNNING,
        progress=40,
    )
    badges_job = RenderJob.objects.create(
        kind="delegations.badges",
        meeting=meeting,
        key="badges-all",
        fingerprint="fuzz-badges",
        filename="badges.pdf",
        params={"set": "all"},
        status=RenderJob.Status.DONE,
        meta={"count": 1, "participants": [participant.pk]},
    )

    agenda = session_services.agenda_for(meeting)
    item = session_services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": "General exchange of views"})
    room = RoomFactory(meeting=meeting, name="Plenary Hall", capacity=800)
    session = MeetingSessionFactory(meeting=meeting, room=room)
    session.agenda_items.add(item)
    speakers_list = session_services.speakers_list_open(
        meeting=meeting, by=secretariat, agenda_item=item, time_limit_seconds=300
    )
    entry = session_services.speaker_inscribe(speakers_list=speakers_list, delegation=france, by=focal_point)
    statement = session_services.statement_upload(
        entry=entry, by=focal_point, upload=SimpleUploadedFile("statement.pdf", make_pdf_bytes()), publish=True
    )
    side_event = session_services.side_event_request(
        delegation=france,
        by=focal_point,
        data={
            "title": "Victim assistance in practice",
            "organisers": "France",
            "description": "Survivors speak.",
            "expected_attendance": 80,
            "preferred_slots": [slot_value(meeting.start_date, "lunch")],
        },
    )

    drafter = organiser(full_name="Friend of the President")
    document = outcome_services.document_create(
        meeting=meeting,
        by=secretariat,
        kind="action_plan",
        title="Vientiane Action Plan",
        agenda_item="Item 10: Consideration of documents",
        drafters=[drafter],
    )
    made = build_plan(document, secretariat)
    outcome_services.document_circulate(document=document, by=secretariat, comment_deadline=deadline(), notify=False)
    paragraph = made["actions"][0]
    proposal = outcome_services.proposal_create(
        document=document,
        delegation=france,
        by=focal_point,
        kind="replace",
        paragraph=paragraph,
        text="States Parties will report every year.",
        rationale="Clearer.",
    )
    return World(
        meeting=meeting,
        secretariat=secretariat,
        focal_point=focal_point,
        delegation=france,
        participant=participant,
        join_request=join_request,
        treaty_status=TreatyStatusFactory(),
        lop_job=lop_job,
        badges_job=badges_job,
        room=room,
        item=item,
        session=session,
        speakers_list=speakers_list,
        entry=entry,
        statement=statement,
        side_event=side_event,
        document=document,
        section=paragraph.section,
        paragraph=paragraph,
        proposal=proposal,
        drafter=drafter,
    )


def _registered(world: World) -> Document:
    return Document.objects.get(source=f"outcomes.document:{world.document.pk}:0")


def _paper(world: World) -> PaperSubmission:
    """France's working paper (delegations/services_papers.py), submitted once for the papers' URLs."""
    found = PaperSubmission.objects.filter(delegation=world.delegation).first()
    return found or services_papers.paper_submit(
        meeting=world.meeting,
        delegation=world.delegation,
        by=world.focal_point,
        kind="working_paper",
        title="Universalization in South-East Asia",
        agenda_item=world.item.number,
        language="en",
        pdf=SimpleUploadedFile("paper.pdf", make_pdf_bytes()),
    )


# (route pattern, parameter) -> the object's value. The first rule whose pattern is found in the
# route wins; a parameter no rule knows fails the test, so a new URL cannot escape the fuzzing.
PARAMETER_RULES = [
    (r"", "slug", lambda w: w.meeting.slug),
    (r"^api/", "meeting", lambda w: w.meeting.slug),
    (r"^api/", "document_id", lambda w: w.document.pk),
    (r"", "uidb64", lambda w: "MQ"),
    (r"", "token", lambda w: "set-password"),
    (r"^delegations/<int:pk>/participants/", "ppk", lambda w: w.participant.pk),
    (r"^outcomes/", "ppk", lambda w: w.paragraph.pk),
    (r"", "jpk", lambda w: w.join_request.pk),
    (r"/papers/", "spk", lambda w: _paper(w).pk),
    (r"/papers/", "fpk", lambda w: _paper(w).files.get().pk),
    (r"/papers/", "kind", lambda w: "pdf"),
    (r"", "spk", lambda w: w.section.pk),
    (r"", "prpk", lambda w: w.proposal.pk),
    (r"", "number", lambda w: 1),
    (r"", "uid", lambda w: w.paragraph.uid),
    (r"", "entry_pk", lambda w: w.entry.pk),
    (r"", "list_pk", lambda w: w.speakers_list.pk),
    (r"", "user_pk", lambda w: w.drafter.pk),
    (r"", "language", lambda w: "fr"),
    (r"", "variant", lambda w: "complete"),
    (r"^delegations/<int:pk>", "pk", lambda w: w.delegation.pk),
    (r"^join-requests/<int:pk>", "pk", lambda w: w.join_request.pk),
    (r"^outcomes/<int:pk>", "pk", lambda w: w.document.pk),
    (r"^meetings/treaty-status/<int:pk>", "pk", lambda w: w.treaty_status.pk),
    # The outcome document's working paper, which its circulation issued in the register.
    (r"/documents/register/<int:pk>", "pk", lambda w: _registered(w).pk),
    (r"/documents/", "symbol_path", lambda w: _registered(w).symbol_path),
    (r"^reporting/reports/<int:pk>/forms/", "letter", lambda w: "B"),
    (r"^reporting/reports/<int:pk>", "pk", lambda w: reporting_fuzzing.report(w).pk),
    (r"^transparency-reports/<int:pk>", "pk", lambda w: reporting_fuzzing.report(w).pk),
    (r"^reporting/contact-points/<int:pk>", "pk", lambda w: reporting_fuzzing.contact_point(w).pk),
    (r"^reporting/states/", "code", lambda w: w.treaty_status.country.code),
    (r"^reporting/actions/<int:pk>", "pk", lambda w: w.paragraph.pk),
    (r"^meetings/emblem/", "digest", lambda w: "0" * 32),
    (r"^meetings/emblem/", "ext", lambda w: "png"),
    (r"/participants/jobs/<int:pk>/print/", "pk", lambda w: w.badges_job.pk),
    (r"/participants/(jobs|pdf)/<int:pk>", "pk", lambda w: w.lop_job.pk),
    (r"/(badges|check-in)/participants/<int:pk>", "pk", lambda w: w.participant.pk),
    (r"/programme/<int:pk>", "pk", lambda w: w.session.pk),
    (r"/speakers/<int:pk>", "pk", lambda w: w.speakers_list.pk),
    (r"/statements/<int:pk>", "pk", lambda w: w.statement.pk),
    (r"/floor/<int:pk>", "pk", lambda w: w.delegation.pk),
    (r"/sessions/rooms/<int:pk>", "pk", lambda w: w.room.pk),
    (r"/sessions/agenda/items/<int:pk>", "pk", lambda w: w.item.pk),
    (r"/sessions/side-events/<int:pk>", "pk", lambda w: w.side_event.pk),
    (r"/sessions/<int:pk>", "pk", lambda w: w.session.pk),
]


def portal_routes(patterns=None, prefix="", namespace=""):
    """(name, route) of every named URL pattern of the portal, Django's admin aside."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from portal_routes(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def url_for(world: World, name: str, route: str) -> str:
    kwargs = {}
    for parameter in re.findall(r"<(?:\w+:)?(\w+)>", route):
        rule = next((r for r in PARAMETER_RULES if r[1] == parameter and re.search(r[0], route)), None)
        if rule is None:
            raise AssertionError(f"no object for <{parameter}> in {route} ({name}): add a rule to PARAMETER_RULES")
        kwargs[parameter] = rule[2](world)
    return reverse(name, kwargs=kwargs)


@dataclass
class Fuzzer:
    requests: int = 0
    failures: list = field(default_factory=list)
    session_cookie: str | None = None

    def send(self, client: Client, method: str, url: str, label: str, data=None):
        if self.session_cookie is not None:
            # A fuzzed logout (or a log in) must not change who the next request comes from.
            client.cookies[settings.SESSION_COOKIE_NAME] = self.session_cookie
        self.requests += 1
        try:
            with transaction.atomic():
                try:
                    response = client.get(url, data) if method == "GET" else client.post(url, data)
                    if response.streaming:
                        # Read a streamed file to its end: the test client then closes it, as a server does.
                        response.streaming_content = [b"".join(response.streaming_content)]
                finally:
                    transaction.set_rollback(True)
        except Exception as exc:  # raised outside the view, e.g. by the test client
            self.failures.append(f"{method} {url} [{label}]: {type(exc).__name__}: {exc}"[:300])
            return None
        # A stored PDF not rendered yet answers 503 with Retry-After ("being prepared",
        # ccm_portal/jobs/serving.py): a designed answer, not a server error. Every request here
        # is rolled back, so the render it queues never exists for the next one.
        being_prepared = response.status_code == 503 and response.has_header("Retry-After")
        if response.status_code >= 500 and not being_prepared:
            exc = getattr(response, "exc_info", None)
            why = f"{exc[0].__name__}: {exc[1]} ({where(exc[2])})" if exc else response.status_code
            self.failures.append(f"{method} {url} [{label}]: {why}"[:300])
        return response


def where(tb) -> str:
    """The last line of our own code the exception passed through."""
    ours = [
        frame
        for frame in traceback.extract_tb(tb)
        if frame.filename.startswith(str(settings.BASE_DIR)) and "/.venv/" not in frame.filename
    ]
    frame = ours[-1] if ours else traceback.extract_tb(tb)[-1]
    return f"{frame.filename.removeprefix(str(settings.BASE_DIR) + '/')}:{frame.lineno}"


@dataclass
class Field:
    kind: str
    choices: list[str] = field(default_factory=list)


def form_fields(html: str) -> dict[str, Field]:
    """The fields of the forms in a page's HTML: name, input type and the choices offered."""
    fields: dict[str, Field] = {}
    for tag, attributes in FIELD.findall(html):
        name = NAME.search(attributes)
        if name and name.group(1) not in NOT_FIELDS:
            kind = TYPE.search(attributes)
            found = fields.setdefault(name.group(1), Field(kind.group(1).lower() if kind else tag.lower()))
            value = VALUE.search(attributes)
            if found.kind in ("radio", "checkbox") and value:
                found.choices.append(value.group(1))
    for attributes, options in SELECT.findall(html):
        name = NAME.search(attributes)
        if name and name.group(1) in fields:
            fields[name.group(1)].choices.extend(VALUE.findall(options))
    return fields


def forms_by_target(html: str, page_url: str) -> dict[str, dict[str, Field]]:
    """The fields of each form of a page, under the URL the form submits to."""
    targets: dict[str, dict[str, Field]] = {}
    for attributes, body in FORM.findall(html):
        action = ACTION.search(attributes)
        target = unescape(action.group(1)).split("?")[0] if action and action.group(1) else page_url
        targets.setdefault(target, {}).update(form_fields(body))
    return targets


def mangled(choices: list[str]) -> str:
    """A choice the form offers, with its digits made superscript ("item:5" becomes "item:²")."""
    for choice in choices:
        if re.search(r"[0-9]", choice):
            return re.sub(r"[0-9]+", "²", choice)
    return (choices[-1] if choices else "") + "²"


def junk_payloads(fields: dict[str, Field]):
    yield "empty", {}
    for index, (label, value) in enumerate(JUNK_VALUES.items()):
        payload = {}
        for name, found in fields.items():
            if found.kind == "file" and index % 4:
                filename, content, content_type = NOT_FILES[index % 4 - 1]
                payload[name] = SimpleUploadedFile(filename, content, content_type)
            else:
                payload[name] = value  # a string where a file is expected, every fourth time
        yield label, payload
    yield "mangled choices", {name: mangled(found.choices) for name, found in fields.items() if found.kind != "file"}


def refused(response) -> bool:
    """Turned away before any form is read: not logged in, not allowed, or not there."""
    if response.status_code in (401, 403, 404, 405):
        return True
    return response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.slow
def test_no_url_answers_any_junk_with_a_server_error(world, capsys):
    started = time.monotonic()
    routes = sorted(portal_routes())
    urls = [url_for(world, name, route) for name, route in routes]
    clients = {"anonymous": SecondFactorClient(raise_request_exception=False)}
    for who, user in (("secretariat", world.secretariat), ("focal point", world.focal_point)):
        clients[who] = SecondFactorClient(raise_request_exception=False)
        clients[who].force_login(user)
    fuzzer = Fuzzer()
    all_fields: dict[str, Field] = {}
    fields_of: dict[str, dict[str, Field]] = {}
    unsafe_pages: list[str] = []

    # GET every page, plain then with junk query strings; learn the fields of its forms.
    # A PDF takes a while to render: it gets the first junk query string only.
    for who, client in clients.items():
        fuzzer.session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value if who != "anonymous" else None
        for url in urls:
            queries = QUERY_JUNK
            if not url.endswith(".pdf"):
                response = fuzzer.send(client, "GET", url, f"{who}, plain")
                if response is None:
                    continue
                if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                    html = response.content.decode(errors="replace")
                    for target, found in forms_by_target(html, url).items():
                        fields_of.setdefault(target, {}).update(found)
                        all_fields.update(found)
                    # The page as rendered (widgets, included templates) must run under the policy too.
                    if "script-src 'self'" not in response.get("Content-Security-Policy", ""):
                        unsafe_pages.append(f"{url} [{who}]: no Content-Security-Policy")
                    if breaches := policy_breaches(html):
                        unsafe_pages.append(f"{url} [{who}]: {', '.join(breaches)}")
                if refused(response):
                    queries = QUERY_JUNK[:1]
            for index, query in enumerate(queries if not url.endswith(".pdf") else QUERY_JUNK[:1]):
                names = set(QUERY_NAMES) | set(fields_of.get(url, {}))
                junk = {**{n: query.get(n, next(iter(query.values()))) for n in names}, **query}
                fuzzer.send(client, "GET", url, f"{who}, query junk {index + 1}", junk)

    gets_done = time.monotonic()

    # POST every URL: empty, then, where the form is reached at all, junk in every field.
    posted = set()
    for who, client in clients.items():
        fuzzer.session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value if who != "anonymous" else None
        for url in urls:
            first = fuzzer.send(client, "POST", url, f"{who}, empty", {})
            if first is None or (refused(first) and first.status_code != 404):
                continue
            posted.add(url)
            fields = fields_of.get(url) or all_fields
            # A 404 may mean "not yours", or a parameter the empty post lacked: try a few.
            labels = {"superscript", "list"} if first.status_code == 404 else set(JUNK_VALUES) | {"mangled choices"}
            for label, payload in junk_payloads(fields):
                if label in labels:
                    fuzzer.send(client, "POST", url, f"{who}, {label}", payload)
            # A view may read a parameter its form does not show (another user's form has it).
            anywhere = {name: "²" for name, found in all_fields.items() if found.kind != "file"}
            fuzzer.send(client, "POST", url, f"{who}, every field name seen anywhere", anywhere)

    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nform fuzzing: {fuzzer.requests:,} requests to {len(urls)} URLs "
            f"({len(posted)} taking POST), {len(fuzzer.failures)} server errors, {elapsed:.0f} s "
            f"(GETs {gets_done - started:.0f} s)"
        )
    assert fuzzer.failures == [], f"{len(fuzzer.failures)} server errors:\n" + "\n".join(fuzzer.failures)
    assert unsafe_pages == [], "pages that need unsafe-inline:\n" + "\n".join(unsafe_pages)
