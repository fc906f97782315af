"""Helpers for the PDFs served from stored copies (ccm_portal.jobs.serving)."""

from ccm_portal.jobs import services as job_services
from ccm_portal.jobs.models import RenderJob


def run_queued_jobs() -> list[str]:
    """Run every queued render job now, in this thread (a test's on_commit callbacks never fire)."""
    return [job_services.execute(pk) for pk in RenderJob.objects.filter(status="queued").values_list("pk", flat=True)]


def body(response) -> bytes:
    """The bytes of a response, streamed (a stored file, read once and closed) or not."""
    if getattr(response, "read_body", None) is not None:
        return response.read_body
    if not response.streaming:
        return response.content
    # Reading to the end closes the file: the test client wraps the stream so that it does. A
    # second close() would send request_finished, whose close_old_connections drops a PostgreSQL
    # connection that is inside the test's transaction.
    response.read_body = b"".join(response.streaming_content)
    return response.read_body


def get(client, url: str, **headers):
    """GET, with a streamed body read at once (so that no file is left open)."""
    response = client.get(url, **headers)
    body(response)
    return response


def fetch_pdf(client, url: str, **headers):
    """GET a stored PDF as a visitor would after a few seconds: if the first answer is the
    "being prepared" page, the queued render runs and the address is asked again."""
    response = get(client, url, **headers)
    if response.status_code == 503 and response.has_header("Retry-After"):
        run_queued_jobs()
        response = get(client, url, **headers)
    return response
