import pytest


@pytest.fixture(autouse=True)
def _jobs_run_when_asked(settings):
    # As in the delegations tests: a job waits in the queue until the test calls run_jobs(), or runs
    # at once when a transactional test commits; the tests of the thread and Celery runners switch it.
    settings.RENDER_JOBS_RUNNER = "inline"
