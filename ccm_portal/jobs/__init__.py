"""Background rendering shared by the apps: a job row per request, run by a thread or a Celery worker."""
