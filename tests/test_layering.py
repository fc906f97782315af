"""Writes go through services: no view, template tag, selector, form or renderer writes rows."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("ccm_portal", "delegations", "sessions", "outcomes")

# Modules that only read and present (a package named views counts too).
READERS = ("views", "selectors", "forms", "renderers")

# Methods that write rows whatever their receiver.
WRITES = {"save", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create", "delete"}


def _view_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts:
                continue
            if path.stem.startswith(READERS) or "views" in parts[:-1] or "templatetags" in parts:
                yield path


def _is_queryset_update(call: ast.Call) -> bool:
    """`Model.objects....update(...)` or `qs.filter(...).update(...)`; `context.update(...)` on a dict is not."""
    receiver = call.func.value
    return isinstance(receiver, ast.Call) or (isinstance(receiver, ast.Attribute) and receiver.attr == "objects")


def _writes(source: str) -> list[tuple[int, str]]:
    """(line, method) of every row-writing call in the source, in line order."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        if name in WRITES or (name == "update" and _is_queryset_update(node)):
            found.append((node.lineno, name))
    return sorted(found)


def test_the_scan_finds_views_and_template_tags():
    scanned = {str(path.relative_to(ROOT)) for path in _view_modules()}

    assert "delegations/views.py" in scanned
    assert any("/templatetags/" in name for name in scanned)


def test_no_view_template_tag_selector_form_or_renderer_writes_rows():
    writes = [
        f"{path.relative_to(ROOT)}:{line} .{name}("
        for path in _view_modules()
        for line, name in _writes(path.read_text())
    ]

    assert writes == [], "move these writes into a service:\n" + "\n".join(writes)


def test_the_scan_recognises_each_kind_of_write():
    sample = (
        "def v(request, form, qs, context):\n"
        "    form.save()\n"
        "    Item.objects.create(name='x')\n"
        "    qs.filter(pk=1).update(done=True)\n"
        "    Item.objects.update(done=False)\n"
        "    context.update({'a': 1})\n"
    )

    assert _writes(sample) == [(2, "save"), (3, "create"), (4, "update"), (5, "update")]
