"""gunicorn's settings for the portal (README, "Deployment"; make smoke and bench/http.py use them):

    gunicorn -c python:ccm_portal.gunicorn_conf ccm_portal.wsgi:application

- `preload_app`: the master imports Django and the apps once, then warms what Django
  otherwise loads on the first request to each worker (every URLconf and the views behind
  it, the translation catalogues, the base templates); the workers are forked from that,
  share its memory and answer their first request at once.
- `gc.freeze()` once the master is warm: the objects it made move to a permanent generation
  that the workers' collections never scan again, so a full collection has less to walk
  (fewer slow requests) and does not touch, and copy, the shared pages.
- `workers`: 2 × cores + 1 (gunicorn's own advice for sync workers: one waits on the
  database while another computes), GUNICORN_WORKERS to choose another number.
Like wsgi.py this file wires the whole portal and belongs to no layer.
"""

import gc
import os


def cores() -> int:
    """The cores this process may run on (a container's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * cores() + 1)
preload_app = True
# A render never runs on a request any more, but the secretariat's exports at 5,000 rows may take seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# GUNICORN_FREEZE=false leaves gc.freeze() out (to measure what it brings).
freeze = os.environ.get("GUNICORN_FREEZE", "true").lower() not in ("0", "false", "no")


# The templates nearly every page extends or includes.
WARM_TEMPLATES = ("base.html", "_language_switcher.html", "meetings/home.html")


def warm_up() -> None:
    """Load in the master what the first request of each worker would load otherwise."""
    from django.conf import settings
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports every URLconf and view module
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")  # loads the catalogue of the language
    for name in WARM_TEMPLATES:
        get_template(name)  # compiled once here (the cached loader of production keeps it)
    # Nothing above should have connected; a connection made in the master must not be shared by forks.
    connections.close_all()


def when_ready(server) -> None:
    """After the application is loaded in the master, before the first worker is forked."""
    warm_up()
    if freeze:
        gc.collect()
        gc.freeze()
        server.log.info("gc.freeze(): %d objects in the permanent generation", gc.get_freeze_count())
