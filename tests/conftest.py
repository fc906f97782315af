import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation
from factory.django import DjangoModelFactory

from delegations.models import Delegation
from tests.delegations.factories_lists import build_world
from tests.factories import (
    DelegationFactory,
    MeetingFactory,
    ParticipantFactory,
    SecretariatFactory,
    UserFactory,
)


@pytest.fixture(scope="session", autouse=True)
def _no_connection_outlives_the_suite(django_db_setup, django_db_blocker):
    """End the connections that threads left open on the PostgreSQL test database.

    The race tests and the background render runner query from threads of their own, and a
    thread's connection stays open until that thread closes it; pytest-django then cannot drop
    the test database ("being accessed by other users"), which under filterwarnings = error
    fails the run. Runs before the database teardown (fixtures end in reverse order).
    """
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def _model_factories(base=DjangoModelFactory):
    for factory_class in base.__subclasses__():
        yield factory_class
        yield from _model_factories(factory_class)


@pytest.fixture(autouse=True)
def _factory_sequences_start_again_in_each_test():
    """Each test numbers what its factories make from the start (the first delegation is France),
    whichever tests ran before it in its process: under pytest-xdist a worker runs a different
    share of the suite each time, and a value chosen by sequence must not depend on that."""
    for factory_class in _model_factories():
        factory_class.reset_sequence(force=True)


@pytest.fixture(autouse=True)
def _each_test_starts_in_english():
    """A request to /fr/... leaves French active in the test's thread (LocaleMiddleware activates
    the language of the URL and nothing deactivates it): the next test would reverse /fr/ URLs."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _render_threads_finish_within_their_test():
    """A transactional test's commits start render jobs on the background thread (the "thread"
    runner); wait for them before the test's database goes away, or a job would write to it
    after the test, when database access is refused."""
    yield
    from ccm_portal.jobs import runner

    if runner._executor is not None:
        runner._executor.submit(lambda: None).result(timeout=300)


@pytest.fixture(autouse=True)
def _each_test_starts_with_an_empty_cache():
    """The cached public pages (ccm_portal/pagecache.py) are keyed by meeting id, and SQLite gives
    a rolled-back test's ids to the next test: a page cached by one test would answer the next.
    The same goes for the stored copies a process remembers (jobs.found_copies)."""
    from django.core.cache import cache

    from ccm_portal.jobs import services as jobs
    from ccm_portal.meetings import identity

    cache.clear()
    # Found stored copies are remembered by fingerprint, which the same data gives again.
    jobs.found_copies.clear()
    # A running portal has its identity (emblem, footer) cached from its first page on; prime it
    # with what the empty table says (nothing configured), so query counts measure the page alone.
    cache.set(identity.CACHE_KEY, {}, None)


@pytest.fixture(autouse=True)
def _no_axes_for_force_login(settings):
    # Tests log in with force_login; the throttling tests switch it back on.
    settings.AXES_ENABLED = False


@pytest.fixture
def client():
    """Django's test client; its force_login also passes a secretariat user's second factor."""
    from tests.accounts.helpers import SecondFactorClient

    return SecondFactorClient()


@pytest.fixture
def secretariat(db):
    return SecretariatFactory()


@pytest.fixture
def meeting(db):
    return MeetingFactory()


@pytest.fixture
def focal_point(db):
    return UserFactory(full_name="Focal Point One")


@pytest.fixture
def delegation(db, meeting, focal_point):
    return DelegationFactory(meeting=meeting, country="FR", sort_name="France", created_by=focal_point)


@pytest.fixture
def other_delegation(db, meeting):
    """A second delegation with its own focal point, for the can-they-see-it tests."""
    return DelegationFactory(meeting=meeting, country="DE", sort_name="Germany")


@pytest.fixture
def accredited(delegation):
    """`delegation` (France) accredited: approved, with `focal_point` as its focal point."""
    delegation.status = Delegation.Status.APPROVED
    delegation.save(update_fields=["status"])
    return delegation


@pytest.fixture
def other_accredited(other_delegation):
    """`other_delegation` (Germany) accredited, with its own focal point."""
    other_delegation.status = Delegation.Status.APPROVED
    other_delegation.save(update_fields=["status"])
    return other_delegation


@pytest.fixture
def head(db, delegation):
    return ParticipantFactory(delegation=delegation, role="head", title="H.E. Mr.")


@pytest.fixture
def delegate(db):
    """A logged-in user without a delegation and without a role."""
    return UserFactory(full_name="Someone Without A Delegation")


@pytest.fixture
def world(db):
    """1MSP with accredited delegations in four categories and participants in every state (delegations, jobs)."""
    return build_world()


def make_pdf_bytes(text: str = "Note verbale") -> bytes:
    """A small, real one-page PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def pdf_upload():
    return SimpleUploadedFile("note-verbale.pdf", make_pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (the CI does)")


def pytest_collection_modifyitems(items):
    # A test that asks for on_postgres carries the postgres marker, so `-m postgres` finds every one.
    for item in items:
        if "on_postgres" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The output of `seed_demo`, run once for the test module that asks for it.

    The rows are written inside a transaction that stays open while the module's tests run: each
    test's own transaction is a savepoint inside it, so a test's writes are undone after it and the
    seeded rows stay. At the end of the module the transaction is rolled back, so no other module
    sees demo data (as with Django's TestCase.setUpTestData). Tests that use it must not be
    transactional (django_db(transaction=True) would flush the rows).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def pytest_sessionfinish(session):
    """A pytest-xdist worker hands the list of its screenshots to the controller, which prints it."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        from tests.browser.helpers import SCREENSHOT_SECONDS, SCREENSHOTS_TAKEN

        output["screenshots"] = [str(path) for path in SCREENSHOTS_TAKEN]
        output["screenshot_seconds"] = sum(SCREENSHOT_SECONDS)


def pytest_testnodedown(node, error):
    """pytest-xdist, in the controller: a worker has finished; keep its screenshots for the summary."""
    from tests.browser.helpers import SCREENSHOT_SECONDS, SCREENSHOTS_TAKEN

    output = getattr(node, "workeroutput", {})
    SCREENSHOTS_TAKEN.extend(Path(path) for path in output.get("screenshots", ()))
    SCREENSHOT_SECONDS.append(output.get("screenshot_seconds", 0.0))


def pytest_terminal_summary(terminalreporter):
    from tests.browser.helpers import SCREENSHOT_SECONDS, SCREENSHOTS_DIR, SCREENSHOTS_TAKEN

    if SCREENSHOTS_TAKEN:
        pages = set(SCREENSHOTS_TAKEN)
        languages = ", ".join(sorted({path.parent.name for path in pages}))
        seconds = sum(SCREENSHOT_SECONDS)
        terminalreporter.write_line(
            f"Phone-width screenshots of {len(pages)} pages ({languages}, {seconds:.1f} s): {SCREENSHOTS_DIR}/"
        )
