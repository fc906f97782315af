"""The Celery application: `celery -A ccm_portal worker` runs the background renders.

Configuration comes from Django settings prefixed CELERY_ (see settings/base.py).
With CELERY_BROKER_URL unset the portal never talks to a broker: render jobs run
in a thread of the web process instead (ccm_portal/jobs/runner.py).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccm_portal.settings.base")

app = Celery("ccm_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
