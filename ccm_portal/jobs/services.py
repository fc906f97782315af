"""Every write to render jobs: request one, run one, record its outcome.

A request reuses what exists before creating anything: the stored copy of the
same data, or the job already rendering it. The database constraint
`one_active_render_job_per_input` settles the race when two requests arrive at
once. Running a job renders to a temporary file, renames it into place and only
then points the job at it, so a half-written file is never served and a failed
render leaves the previous good copy where it was.

A render is made in one language: the requester's (the active language when it is
asked for), kept in the job's params as "lang" and active while the renderer runs. Its
fingerprint carries the language, so each language has its own stored copy; the copies
kept and the last good copy are counted per language.
"""

import collections
import hashlib
import logging
import pickle
import threading
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from ccm_portal import versions
from ccm_portal.storage import private_storage

from .models import RenderJob
from .registry import Rendered, get_renderer
from .runner import dispatch
from .storage import delete_quietly, write_atomically

logger = logging.getLogger(__name__)

# Finished copies kept per document and language: the current one and a couple of earlier ones.
KEEP_DONE = 3

# The job's params entry naming the language it renders in.
LANGUAGE_PARAM = "lang"


def render_language(language: str | None = None) -> str:
    """The language of a render: the one given, else the active one (the request's), else the default."""
    try:
        return translation.get_supported_language_variant(
            language or translation.get_language() or settings.LANGUAGE_CODE
        )
    except LookupError:
        return settings.LANGUAGE_CODE


def job_language(job: RenderJob) -> str:
    """The language a job renders in; a job made before renders had languages is in the default one."""
    return render_language(job.params.get(LANGUAGE_PARAM) or settings.LANGUAGE_CODE)


def document_params(params: dict) -> dict:
    """A job's params without its language: what says which document it is."""
    return {name: value for name, value in params.items() if name != LANGUAGE_PARAM}


def language_fingerprint(fingerprint: str, language: str | None = None) -> str:
    """The fingerprint of a render of this data in `language` (the active one by default).

    In the default language it is the data's own fingerprint, so the copies stored before
    renders had a language stay good; in another, a hash of both.
    """
    language = render_language(language)
    if language == settings.LANGUAGE_CODE:
        return fingerprint
    return hashlib.sha256(f"{fingerprint}\x1f{language}".encode()).hexdigest()


def in_language(jobs, language: str | None = None):
    """The jobs of a queryset rendered in `language` (the active one by default)."""
    language = render_language(language)
    wanted = Q(**{f"params__{LANGUAGE_PARAM}": language})
    if language == settings.LANGUAGE_CODE:
        wanted |= ~Q(params__has_key=LANGUAGE_PARAM)
    return jobs.filter(wanted)


def _update(job_id: int, *, only_if=None, **values) -> int:
    """UPDATE one job row (only while its status is `only_if`, if given); returns the rows changed.

    SQLite refuses a write while another connection reads the same table when the
    database is shared in memory (the test database); such a refusal is retried
    briefly instead of failing a render over a progress note. Other databases wait
    by themselves and never raise it.
    """
    rows = RenderJob.objects.filter(pk=job_id)
    if only_if is not None:
        rows = rows.filter(status=only_if)
    for attempt in range(40):
        try:
            return rows.update(**values)
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == 39:
                raise
            time.sleep(0.05)
    return 0


def _stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "RENDER_JOBS_STALE_AFTER", 15 * 60))


def file_exists(job: RenderJob) -> bool:
    return bool(job.file.name) and private_storage().exists(job.file.name)


def stored_copy(*, kind: str, fingerprint: str, language: str | None = None) -> RenderJob | None:
    """The newest finished render of exactly this data in `language` (the active one by default), if its file
    is still there; `fingerprint` is the data's, as given to request_render."""
    return _stored_copy(kind=kind, fingerprint=language_fingerprint(fingerprint, language))


class _FoundCopies:
    """This process's memory of the stored copies it found: (kind, fingerprint) -> the finished job, pickled.

    A finished job never changes, and the fingerprint is its data's: while its file is there, the
    job found once answers every later request for the same data without a query. A copy
    whose file is gone (pruned, purged) is forgotten at the next request for it, and the
    memory is kept at most SECONDS so that a deleted row is not served for long. Bounded, the
    oldest dropped first.
    """

    SECONDS = 300
    SIZE = 512

    def __init__(self):
        self.found = collections.OrderedDict()
        self.lock = threading.Lock()

    def get(self, key) -> RenderJob | None:
        with self.lock:
            kept = self.found.get(key)
            if kept is None or kept[0] < time.monotonic():
                self.found.pop(key, None)
                return None
        return pickle.loads(kept[1])  # noqa: S301 (pickled by this process)

    def set(self, key, job: RenderJob) -> None:
        with self.lock:
            self.found[key] = (time.monotonic() + self.SECONDS, pickle.dumps(job))
            self.found.move_to_end(key)
            while len(self.found) > self.SIZE:
                self.found.popitem(last=False)

    def forget(self, key) -> None:
        with self.lock:
            self.found.pop(key, None)

    def clear(self) -> None:
        with self.lock:
            self.found.clear()


found_copies = _FoundCopies()


def _stored_copy(*, kind: str, fingerprint: str) -> RenderJob | None:
    key = (kind, fingerprint)
    job = found_copies.get(key)
    if job is not None:
        if file_exists(job):
            return job
        found_copies.forget(key)
    for job in RenderJob.objects.filter(kind=kind, fingerprint=fingerprint, status=RenderJob.Status.DONE)[:3]:
        if file_exists(job):
            found_copies.set(key, job)
            return job
    return None


def _finished_token(meeting_id: int | None, key: str) -> str:
    return f"jobs-finished:{meeting_id}:{key}"


def last_good(*, meeting, key: str, language: str | None = None) -> RenderJob | None:
    """The newest finished render of a document in `language` (the active one by default), whatever data it
    was made from.

    Kept in the process under a token that every render of the document replaces when it
    finishes (execute), so a public page asked for again and again reads no row; the file is
    looked for on every call, and a copy whose file is gone sends the caller to the rows again.
    """
    meeting_id = getattr(meeting, "pk", meeting)
    language = render_language(language)
    version = versions.token(_finished_token(meeting_id, key))
    kept = versions.local_copy(
        version, f"last-good:{meeting_id}:{key}:{language}", lambda: _last_good(meeting_id, key, language)
    )
    if kept is None or file_exists(kept):
        return kept  # no copy yet: the render that makes one replaces the token
    return _last_good(meeting_id, key, language)


def _last_good(meeting_id: int | None, key: str, language: str) -> RenderJob | None:
    done = RenderJob.objects.filter(meeting_id=meeting_id, key=key, status=RenderJob.Status.DONE)
    for job in in_language(done, language)[:KEEP_DONE]:
        if file_exists(job):
            return job
    return None


def abandon_stale(*, kind: str, fingerprint: str) -> int:
    """Fail active jobs nobody has touched for too long (a worker died), so they stop blocking."""
    cutoff = timezone.now() - _stale_after()
    return RenderJob.objects.filter(
        kind=kind, fingerprint=fingerprint, status__in=RenderJob.ACTIVE, updated_at__lt=cutoff
    ).update(
        status=RenderJob.Status.FAILED,
        error="The render was abandoned: no worker reported progress for too long.",
        finished_at=timezone.now(),
    )


def request_render(
    *, kind: str, meeting, key: str, params: dict, fingerprint: str, filename: str, by=None, language=None
) -> tuple[RenderJob, str]:
    """Return the job that answers a request to render, and how: "stored", "active" or "queued".

    Creates a job (and starts it once the transaction commits) only when there is
    neither a stored copy of the same data in the same language nor a job already
    rendering it. The language is `language`, else the active one (the request's).
    """
    language = render_language(language)
    params = {**params, LANGUAGE_PARAM: language}
    fingerprint = language_fingerprint(fingerprint, language)
    # The stored copy first, outside any transaction: a hit (most requests) reads one row and writes none.
    if done := _stored_copy(kind=kind, fingerprint=fingerprint):
        return done, "stored"
    return _find_or_start(
        kind=kind, meeting=meeting, key=key, params=params, fingerprint=fingerprint, filename=filename, by=by
    )


@transaction.atomic
def _find_or_start(
    *, kind: str, meeting, key: str, params: dict, fingerprint: str, filename: str, by
) -> tuple[RenderJob, str]:
    """request_render without a stored copy: the job rendering this data, else a new one."""
    abandon_stale(kind=kind, fingerprint=fingerprint)
    active = RenderJob.objects.filter(kind=kind, fingerprint=fingerprint, status__in=RenderJob.ACTIVE).first()
    if active:
        return active, "active"
    try:
        with transaction.atomic():
            job = RenderJob.objects.create(
                kind=kind,
                meeting=meeting,
                key=key,
                params=params,
                fingerprint=fingerprint,
                filename=filename,
                requested_by=by if getattr(by, "pk", None) else None,
                progress_note="Waiting for a worker",
            )
    except IntegrityError:
        # Someone else asked for the same render a moment ago: theirs answers both.
        active = RenderJob.objects.filter(kind=kind, fingerprint=fingerprint, status__in=RenderJob.ACTIVE).first()
        if active is None:
            raise
        return active, "active"
    transaction.on_commit(partial(dispatch, job.pk))
    return job, "queued"


class Progress:
    """Records a running job's progress; also its heartbeat for stale detection."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.started = time.monotonic()

    def __call__(self, percent: int, note: str = "") -> None:
        percent = max(0, min(99, int(percent)))
        _update(
            self.job_id,
            only_if=RenderJob.Status.RUNNING,
            progress=percent,
            progress_note=note[:200],
            updated_at=timezone.now(),
        )


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}"[:2000] if text else type(exc).__name__


def execute(job_id: int) -> str:
    """Run one queued job to the end; returns its final status.

    Claims the job first (queued → running) so that a job delivered twice, or
    picked up by two runners, is rendered once.
    """
    now = timezone.now()
    claimed = _update(
        job_id,
        only_if=RenderJob.Status.QUEUED,
        status=RenderJob.Status.RUNNING,
        started_at=now,
        updated_at=now,
        progress=1,
        progress_note="Starting",
    )
    if not claimed:
        return RenderJob.objects.filter(pk=job_id).values_list("status", flat=True).first() or "missing"
    job = RenderJob.objects.select_related("meeting").get(pk=job_id)
    language = job_language(job)
    try:
        renderer = get_renderer(job.kind)
        with translation.override(language):
            rendered: Rendered = renderer(job, Progress(job.pk))
        name = write_atomically(rendered.content, suffix=rendered.suffix)
    except Exception as exc:
        logger.exception("Render job %s (%s) failed", job.pk, job.key)
        _update(
            job.pk,
            only_if=RenderJob.Status.RUNNING,
            status=RenderJob.Status.FAILED,
            error=_describe(exc),
            progress_note="Failed",
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        return RenderJob.Status.FAILED
    try:
        # One UPDATE: the job points at its file only once the file is complete.
        finished = _update(
            job.pk,
            only_if=RenderJob.Status.RUNNING,
            status=RenderJob.Status.DONE,
            file=name,
            size=len(rendered.content),
            meta=rendered.meta,
            fingerprint=language_fingerprint(rendered.fingerprint, language),
            progress=100,
            progress_note="Ready",
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
    except Exception:
        delete_quietly(name)
        raise
    if not finished:
        # Declared abandoned while it rendered: its result is not wanted any more.
        delete_quietly(name)
        return RenderJob.objects.filter(pk=job.pk).values_list("status", flat=True).first()
    prune(meeting_id=job.meeting_id, key=job.key, language=language)
    versions.replace_token(_finished_token(job.meeting_id, job.key))
    return RenderJob.Status.DONE


def prune(*, meeting_id: int, key: str, language: str | None = None) -> None:
    """Delete the files of older finished renders of a document in a language, keeping the newest few."""
    done = RenderJob.objects.filter(meeting_id=meeting_id, key=key, status=RenderJob.Status.DONE)
    old = list(in_language(done, language).exclude(file="").order_by("-finished_at", "-pk")[KEEP_DONE:])
    for job in old:
        RenderJob.objects.filter(pk=job.pk).update(file="")
        delete_quietly(job.file.name)
