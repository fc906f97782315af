"""The one way the portal renders PDFs.

WeasyPrint is given a URL fetcher that serves the portal's own static files
and `data:` URLs, and refuses everything else: no file:// reads, no network,
whatever a user managed to put into the HTML. Under the manifest storage
(production) the static files are the collected ones the manifest lists, by
their hashed names; under the other storages, the files the finders know.
"""

import logging
import mimetypes
import os
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
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
            if isinstance(staticfiles_storage, ManifestFilesMixin):
                return _collected_path(staticfiles_storage, relative)
            return finders.find(relative)
        except SuspiciousFileOperation:
            return None


def _collected_path(storage: ManifestFilesMixin, name: str) -> str | None:
    """The file in STATIC_ROOT for a name the manifest lists, hashed or not; None otherwise.

    Under the manifest storage (production) `{% static %}` writes hashed names such as
    pdf/document.909937622840.css, which only the collected files have: the finders
    know the source tree's unhashed names. The manifest is read again once when a name
    is missing, in case collectstatic ran after this process loaded it.
    """
    for attempt in range(2):
        hashed = storage.hashed_files
        if name in hashed:
            name = hashed[name]  # the post-processed copy, whose url()s point at hashed names too
            break
        if name in set(hashed.values()):
            break
        if attempt == 0:
            storage.hashed_files, storage.manifest_hash = storage.load_manifest()
    else:
        return None
    path = storage.path(name)  # safe_join: raises SuspiciousFileOperation outside STATIC_ROOT
    return path if os.path.isfile(path) else None


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


def lay_out(html: str, *, fetcher: StaticOnlyURLFetcher | None = None):
    """The laid-out WeasyPrint document (its pages), not yet written: jobs/chunks.py writes it on every core."""
    fetcher = fetcher or StaticOnlyURLFetcher()
    return HTML(string=html, base_url=PORTAL_BASE_URL, url_fetcher=fetcher).render()
