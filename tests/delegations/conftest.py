import pytest


@pytest.fixture(autouse=True)
def _jobs_run_when_asked(settings):
    # Jobs wait in the queue until a test calls run_jobs(), so that a test can see
    # them queued, then finished; nothing renders behind the test's back.
    settings.RENDER_JOBS_RUNNER = "inline"
