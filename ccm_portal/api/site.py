"""The django-ninja application: version 1's endpoints, the OpenAPI schema and its docs page."""

import json

from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from . import v1


class LocalSwagger(DocsBase):
    """Swagger UI from the files django-ninja ships (served as our static files, no CDN).

    The page runs no inline script: the settings travel as a JSON data block that ninja's
    swagger-ui-init.js reads, so the portal's Content-Security-Policy applies unchanged.
    Swagger UI's validator badge would load an image from swagger.io: it is turned off.
    """

    settings = {"layout": "BaseLayout", "deepLinking": True, "validatorUrl": None, "tryItOutEnabled": True}

    def render_page(self, request, api, **kwargs):
        context = {
            # "<" escaped: the JSON sits in a <script> data block.
            "swagger_settings": json.dumps({**self.settings, "url": self.get_openapi_url(api, kwargs)}).replace(
                "<", "\\u003c"
            ),
            # In English, as Swagger UI and the schema are: the API is one address for every language.
            "title": "CCM Portal API",
        }
        return render(request, "api/docs.html", context)


api = NinjaAPI(
    title="CCM Portal API",
    version="1",
    description=(
        "The public data of the Convention on Cluster Munitions' meetings, read only: meetings, their "
        "agenda and programme, published outcome documents, the public list of participants and the "
        "treaty-status register. Lists take `limit` and `offset` and give `count`. Answers carry an "
        "ETag (send it back in If-None-Match for a 304) and are rate-limited per client address "
        "(429 with Retry-After)."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs=LocalSwagger(),
    docs_url="/docs/",
)
api.add_router("/v1/", v1.router)
