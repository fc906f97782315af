"""Big renders on every core: HTML split into chunks, drawn by WeasyPrint in parallel, merged by pypdf.

A renderer that has many rows (1,500 badges) builds the HTML of each chunk itself, cut on
whole pages, so that the merged PDF has exactly the pages of a single render: same count,
same text. `render_chunks` then lays the chunks out in a pool of processes (one per core,
`settings.RENDER_CHUNK_WORKERS` or os.cpu_count()) and joins them in order.

The pool is forked from the process that runs the job (a thread of the web process in the
embedded default, a Celery worker in production), so the children inherit Django and the
loaded fonts; they only turn HTML into PDF bytes and never touch the database. A Celery
prefork worker's processes are daemonic and may not fork a pool (Python refuses): there a
set is drawn in one piece, and the worker's concurrency spreads jobs over the cores.

A flowing document (the list of participants: categories and delegations run on from page
to page) cannot be cut before it is laid out: where its pages break is only known once the
whole flow is laid out, and a chunk that started on a page of its own would add pages and
move every page number. `render_laid_out` lays it out once, in the job's process, and the
pool's processes (forked afterwards, so they share the laid-out pages) each write a range of
whole pages; the merge has exactly the pages of a single render, with its page numbers
("3 / 35", counted over the whole document) and its headings, and its outline is written
from the whole layout. Only the writing (drawing, font subsets, compression: about 40% of
a 1,500-name list) is spread over the cores; the layout stays on one.

Each finished chunk is reported through the job's Progress ("chunk 2 of 6"). If a chunk
fails, the remaining ones are cancelled and `ChunkFailed` is raised: the job is marked
failed (services.execute) and the last good copy stays where it was.
"""

import io
import multiprocessing
import os
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit

from ccm_portal.pdf import html_to_pdf, lay_out

# Rows (badges) above which a render is split into one chunk per worker.
DEFAULT_CHUNK_ROWS = 300


class ChunkFailed(Exception):
    """A chunk of a split render failed; the message says which one and why."""


def chunk_rows() -> int:
    return max(1, int(getattr(settings, "RENDER_CHUNK_ROWS", DEFAULT_CHUNK_ROWS)))


def chunk_workers() -> int:
    """The processes that draw chunks; 1 (no split) in a daemonic process, which may not start any.

    A Celery prefork worker's processes are daemonic: there each job is drawn whole, and the
    worker's concurrency (`--concurrency=2`, README) is what keeps the cores busy.
    """
    if multiprocessing.current_process().daemon:
        return 1
    configured = getattr(settings, "RENDER_CHUNK_WORKERS", None)
    return max(1, int(configured or os.cpu_count() or 1))


def split_pages(pages: list, *, rows: int, rows_per_page: int) -> list[list]:
    """Whole pages in consecutive chunks: one chunk for up to `rows` rows, else one chunk per worker.

    One per worker, as even as whole pages allow: every chunk costs WeasyPrint its own fonts
    and font subsets, and pypdf a merge. Measured on 1,500 badges (2 cores), six chunks took
    about 40% more processor time than one, two chunks 10% more (the merge: 0.4 s).
    """
    total_rows = len(pages) * rows_per_page
    if total_rows <= rows or len(pages) <= 1:
        return [pages] if pages else []
    return [pages[start:end] for start, end in split_page_ranges(len(pages))]


# The `prepare` functions of the renders `render_chunks` is drawing, by a token of each render:
# the processes it forks afterwards find them here.
_prepares: dict[str, Callable[[str], str]] = {}


def draw_chunk(html: str, token: str | None = None) -> bytes:
    """One chunk's PDF (runs in a pool process), its HTML first finished by the render's `prepare`."""
    if token is not None:
        html = _prepares[token](html)
    return html_to_pdf(html)


def split_page_ranges(page_count: int) -> list[tuple[int, int]]:
    """(start, end) ranges of whole pages, one per worker, as even as whole pages allow."""
    count = max(1, min(page_count, chunk_workers()))
    size, extra = divmod(page_count, count)
    ranges, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        ranges.append((start, end))
        start = end
    return ranges


# The documents `render_laid_out` has laid out, by a token of each render: the processes it forks
# afterwards find them here (two jobs may render at once in threads of one process).
_laid_out: dict[str, object] = {}


def draw_pages(token: str, start: int, end: int) -> bytes:
    """The PDF of pages start..end-1 of a laid-out document (runs in a pool process)."""
    document = _laid_out[token]
    return document.copy(document.pages[start:end]).write_pdf()


def merge_pdfs(parts: list[bytes], *, outline=None) -> bytes:
    """The parts in order; the first part's metadata (title...); `outline` replaces the parts' own outlines.

    `outline` is a WeasyPrint bookmark tree of the whole document (pages counted from 0, points
    from the page's bottom), so that headings nest as in a single render.
    """
    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part), import_outline=outline is None)
    if parts:
        metadata = PdfReader(io.BytesIO(parts[0])).metadata
        if metadata:
            writer.add_metadata(metadata)
    if outline:
        _add_outline(writer, outline, parent=None)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _add_outline(writer: PdfWriter, subtrees, *, parent) -> None:
    for label, (page_number, left, top), children, state in subtrees:
        item = writer.add_outline_item(
            title=label,
            page_number=page_number,
            parent=parent,
            fit=Fit.xyz(left=left, top=top),
            is_open=state == "open",
        )
        _add_outline(writer, children, parent=item)


def _report(progress: Callable, done: int, total: int, start: int, end: int) -> None:
    progress(
        start + (end - start) * done // total,
        _("Drawn chunk %(done)d of %(total)d") % {"done": done, "total": total},
    )


def render_chunks(
    htmls: list[str], progress: Callable, *, prepare: Callable[[str], str] | None = None, start: int = 30, end: int = 95
) -> bytes:
    """The PDF of the chunks' HTML, in order, drawn in parallel and merged; progress from `start` to `end`.

    `prepare(html)`, if given, finishes each chunk's HTML in the process that draws it, so that
    its work is spread over the cores too (the badges' sheet images). It must not touch the
    database: the pool's processes share the job's connection.
    """
    if len(htmls) == 1:
        return html_to_pdf(prepare(htmls[0]) if prepare else htmls[0])
    total = len(htmls)
    workers = min(chunk_workers(), total)
    parts: list[bytes | None] = [None] * total
    if workers == 1:
        for index, html in enumerate(htmls):
            parts[index] = _draw_or_fail(draw_chunk, index, total, prepare(html) if prepare else html)
            _report(progress, index + 1, total, start, end)
        return merge_pdfs(parts)
    token = None
    if prepare is not None:
        token = uuid.uuid4().hex
        _prepares[token] = prepare
    try:
        arguments = [(html, token) for html in htmls]
        return merge_pdfs(_draw_in_pool(draw_chunk, arguments, workers, progress, start, end))
    finally:
        _prepares.pop(token, None)


def render_laid_out(html: str, progress: Callable, *, rows: int, start: int = 30, end: int = 95) -> bytes:
    """The PDF of a flowing document, its pages written on every core above `chunk_rows()` rows.

    The same pages as `html_to_pdf(html)`: laid out once, here, then ranges of whole pages are
    written by the pool and merged (module docstring).
    """
    workers = chunk_workers()
    if rows <= chunk_rows() or workers == 1:
        return html_to_pdf(html)
    document = lay_out(html)
    ranges = split_page_ranges(len(document.pages))
    if len(ranges) == 1:
        return document.write_pdf()
    # Points, from the bottom of the page, as pypdf's destinations count them (px are 0.75 pt).
    outline = document.make_bookmark_tree(scale=0.75, transform_pages=True)
    token = uuid.uuid4().hex
    _laid_out[token] = document
    try:
        arguments = [(token, first, last) for first, last in ranges]
        parts = _draw_in_pool(draw_pages, arguments, len(ranges), progress, start, end)
    finally:
        del _laid_out[token]
    return merge_pdfs(parts, outline=outline)


def _draw_in_pool(function: Callable, arguments: list[tuple], workers: int, progress, start: int, end: int) -> list:
    """`function(*args)` for each of `arguments` on a forked pool, results in order; ChunkFailed on the first error."""
    total = len(arguments)
    parts: list[bytes | None] = [None] * total
    progress(
        start,
        ngettext("Drawing %(count)d chunk in parallel", "Drawing %(count)d chunks in parallel", total)
        % {"count": total},
    )
    # fork: the children start at once with Django, the templates and the fonts already loaded.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pending = {pool.submit(function, *args): index for index, args in enumerate(arguments)}
        done_count = 0
        while pending:
            finished, _still = wait(pending, return_when=FIRST_EXCEPTION)
            for future in finished:
                index = pending.pop(future)
                error = future.exception()
                if error is not None:
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise ChunkFailed(_chunk_error(index, total, error)) from error
                parts[index] = future.result()
                done_count += 1
            _report(progress, done_count, total, start, end)
    return parts


def _chunk_error(index: int, total: int, error: BaseException) -> str:
    return _("Chunk %(number)d of %(total)d failed: %(error)s") % {
        "number": index + 1,
        "total": total,
        "error": f"{type(error).__name__}: {error}",
    }


def _draw_or_fail(draw: Callable, index: int, total: int, html: str) -> bytes:
    try:
        return draw(html)
    except Exception as error:
        raise ChunkFailed(_chunk_error(index, total, error)) from error
