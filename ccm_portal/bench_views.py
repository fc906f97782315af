"""The bare view bench/http.py compares the portal's pages with.

Served only when the BENCH_HELLO setting is on (the environment variable of the same name,
which bench/http.py sets for its own gunicorn): through the same WSGI application and
middleware as every page, it shows what a request costs before any view does work.
Never routed in a normal deployment (tests/test_bench_hello.py).

With BENCH_RENDER_LOG naming a file as well, every WeasyPrint render of this process (and of
the processes it starts) appends a line to it, so the benchmark counts the renders its load
caused. Installed when the URLconf loads, that is before any view of the process runs.
"""

import os

from django.http import HttpResponse
from weasyprint import HTML

from ccm_portal.access import PUBLIC, rule


def count_renders(log_path: str) -> None:
    """Wrap WeasyPrint's write_pdf so that each call appends a line to `log_path`."""
    write_pdf = HTML.write_pdf
    if getattr(write_pdf, "counts_renders", False):
        return

    def counted(self, *args, **kwargs):
        with open(log_path, "a", encoding="ascii") as log:
            log.write(f"{os.getpid()}\n")
        return write_pdf(self, *args, **kwargs)

    counted.counts_renders = True
    HTML.write_pdf = counted


if os.environ.get("BENCH_RENDER_LOG"):
    count_renders(os.environ["BENCH_RENDER_LOG"])


@rule(PUBLIC)
def hello(request):
    return HttpResponse(b"Hello", content_type="text/plain; charset=utf-8")
