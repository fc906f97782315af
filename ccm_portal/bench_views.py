"""The bare view bench/http.py compares the portal's pages with.

Served only when the BENCH_HELLO setting is on (the environment variable of the same name,
which bench/http.py sets for its own gunicorn): through the same WSGI application and
middleware as every page, it shows what a request costs before any view does work.
Never routed in a normal deployment (tests/test_bench_hello.py).
"""

from django.http import HttpResponse

from ccm_portal.access import PUBLIC, rule


@rule(PUBLIC)
def hello(request):
    return HttpResponse(b"Hello", content_type="text/plain; charset=utf-8")
