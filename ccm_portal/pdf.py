"""The one way the portal renders PDFs.

WeasyPrint is given a URL fetcher that serves the portal's own static files
and `data:` URLs, and refuses everything else: no file:// reads, no network,
whatever a user managed to put into the HTML.
"""

import logging
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# A host that can never resolve: relative URLs in templates are joined to it and
# then mapped onto static files by the fetcher, never fetched over the network.
PORTAL_BASE_URL = "https://ccm-portal.invalid/"


class StaticOnlyURLFetcher(URLFetcher):
    def __init__(self):
        super().__init__(timeout=1, allowed_protocols={"data", "https"}, allow_redirects=False)
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self._static_path(url)
        if path is None:
            self.refused.append(url)
            logger.warning("PDF renderer refused to fetch %s", url)
            raise ValueError(f"The PDF renderer only reads the portal's static files, not {url}")
        with open(path, "rb") as handle:
            body = handle.read()
        self.served.append(url)
        mime_type, _ = mimetypes.guess_type(path)
        return URLFetcherResponse(url, body, {"Content-Type": mime_type or "application/octet-stream"})

    @staticmethod
    def _static_path(url: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.netloc != urlsplit(PORTAL_BASE_URL).netloc:
            return None
        path = unquote(parts.path)
        if not path.startswith(settings.STATIC_URL):
            return None
        relative = path[len(settings.STATIC_URL) :]
        if not relative or relative.startswith("/") or ".." in relative.split("/"):
            return None
        try:
            return finders.find(relative)
        except SuspiciousFileOperation:
            return None


def render_pdf(
    template_name: str, context: dict, *, fetcher: StaticOnlyURLFetcher | None = None, **write_options
) -> bytes:
    """Render a Django template to PDF bytes; only static files may be fetched.

    `write_options` go to WeasyPrint's write_pdf, e.g. pdf_variant="pdf/ua-1".
    """
    html = render_to_string(template_name, context)
    return html_to_pdf(html, fetcher=fetcher, **write_options)


def html_to_pdf(html: str, *, fetcher: StaticOnlyURLFetcher | None = None, **write_options) -> bytes:
    fetcher = fetcher or StaticOnlyURLFetcher()
    return HTML(string=html, base_url=PORTAL_BASE_URL, url_fetcher=fetcher).write_pdf(**write_options)
