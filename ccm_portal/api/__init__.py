"""The open, read-only JSON API of the portal's public data (README, "API").

`site.api` is the django-ninja application mounted at /api/ by ccm_portal/urls.py: the
endpoints of version 1 under /api/v1/ (v1.py), the OpenAPI schema at /api/openapi.json
and its browsable documentation at /api/docs/. caching.py rate-limits and caches every
answer; schemas.py is the contract of what each answer holds.
"""
