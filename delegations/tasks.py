"""The background jobs of this app: renderers registered with ccm_portal.jobs.

Celery's autodiscovery imports this module in the worker; the web process imports
it through the views. Either way the renderers below are known before a job runs.
"""

from ccm_portal.jobs.registry import register

from . import badges, lists

register(lists.LOP_KIND)(lists.render_lop)
register(badges.BADGES_KIND)(badges.render_badges)
