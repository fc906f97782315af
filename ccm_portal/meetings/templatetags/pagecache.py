"""The cached content block of a public page (ccm_portal/pagecache.py).

    {% load pagecache %}
    {% cached_content page_key %} ... {% endcached_content %}

With a key, the block is served from the cache, or rendered and stored there; with None (a
signed-in visitor) it is rendered every time. The view passes its data lazily, so a cached hit
runs none of the queries the block needs. Nothing per response (CSP nonce, CSRF token) may sit
inside the block.
"""

from django import template
from django.utils.safestring import mark_safe

from ccm_portal import pagecache

register = template.Library()


class CachedContentNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist = nodelist
        self.key = key

    def render(self, context):
        key = self.key.resolve(context)
        block = pagecache.cached_block(key, lambda: self.nodelist.render(context))
        return mark_safe(block)  # noqa: S308 - the output of a template, escaped when it was rendered


@register.tag
def cached_content(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% cached_content key %} takes one argument: the key (or None).")
    nodelist = parser.parse(("endcached_content",))
    parser.delete_first_token()
    return CachedContentNode(nodelist, parser.compile_filter(bits[1]))
