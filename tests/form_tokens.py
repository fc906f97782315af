"""Read the one-time form token a page rendered, as a browser would send it back."""

import re

TOKEN_RE = re.compile(r'<input type="hidden" name="form_token" value="([^"]+)">')


def form_token(response) -> str:
    found = TOKEN_RE.findall(response.content.decode())
    assert len(found) == 1, f"expected one form token on the page, found {len(found)}"
    return found[0]
