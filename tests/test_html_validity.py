"""The main pages' HTML is valid: the Nu Html Checker (vnu.jar, the W3C's validator) finds no error
in any of them, as each kind of user sees them on the seeded demo (tests/main_pages.py).

The pages are rendered with Django's test client, written to a temporary directory and checked
by one run of vnu.jar (the JVM starts once). The jar comes from the pinned npm package `vnu-jar`,
fetched by `make test` (scripts/test_tools.py) into .test-tools/. Without Java or the jar the
test skips with the reason printed; under CI (CI=true) that is a failure.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.main_pages import demo_users, main_pages

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.usefixtures("seeded_demo")]

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import test_tools  # noqa: E402 - scripts/ is not a package

# Django's test client answers with the HTML of a page; vnu checks it as the browser gets it.
VNU_TIMEOUT_SECONDS = 300


def _vnu_command() -> list[str]:
    java = shutil.which("java")
    reason = None
    if java is None:
        reason = "java not found (Debian/Ubuntu: apt-get install default-jre-headless)"
    elif not test_tools.is_current(
        test_tools.VNU_JAR, test_tools.PACKAGES[1]["files"]["package/build/dist/vnu.jar"][1]
    ):
        reason = f"{test_tools.VNU_JAR.relative_to(ROOT)} missing or not the pinned one (run `make test-tools`)"
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI must check the HTML")
        print(f"\nSKIPPED HTML validity: {reason}")
        pytest.skip(reason)
    return [java, "-Xss4m", "-jar", str(test_tools.VNU_JAR), "--format", "json", "--exit-zero-always"]


def _file_name(role: str, name: str) -> str:
    return f"{role}--{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.html"


def test_the_main_pages_have_no_html_errors(client, tmp_path):
    command = _vnu_command()
    users = demo_users()
    written = {}
    for role, pages in main_pages().items():
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        for name, path in pages:
            response = client.get(path)
            assert response.status_code == 200, (role, name, path, response.status_code)
            file = tmp_path / _file_name(role, name)
            file.write_bytes(response.content)
            written[file.name] = (role, name, path)

    result = subprocess.run(  # noqa: S603 - fixed program and arguments
        [*command, *sorted(str(tmp_path / f) for f in written)],
        capture_output=True,
        text=True,
        timeout=VNU_TIMEOUT_SECONDS,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    roles = len({role for role, _, _ in written.values()})
    print(f"\nNu Html Checker: {len(errors)} errors on {len(written)} pages ({roles} roles)")
    report = []
    for message in errors:
        role, name, path = written[Path(message.get("url", "")).name]
        extract = " ".join(message.get("extract", "").split())[:120]
        report.append(f"{role} / {name} ({path}), line {message.get('lastLine')}: {message['message']}  [{extract}]")
    assert not report, f"{len(report)} HTML errors:\n" + "\n".join(report)
