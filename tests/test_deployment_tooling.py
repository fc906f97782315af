"""The tooling around a deployment: the system check and `make run PORT=`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / "scripts" / "check_system.py"


def check_system(pretend_missing: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(CHECK)],
        env={"PATH": "/usr/bin:/bin", "CCM_CHECK_PRETEND_MISSING": pretend_missing},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_the_system_check_passes_on_this_machine():
    result = check_system()

    assert result.returncode == 0, result.stderr
    assert "System check failed" not in result.stderr


def test_a_missing_harfbuzz_subsetter_stops_make_naming_the_debian_package():
    result = check_system("harfbuzz-subset")

    assert result.returncode == 1
    assert "HarfBuzz subset" in result.stderr
    assert "sudo apt-get install libharfbuzz-subset0\n" in result.stderr


def test_the_install_hint_names_only_the_missing_packages():
    result = check_system("pango,fontconfig")

    assert result.returncode == 1
    assert "sudo apt-get install libpango-1.0-0 libfontconfig1\n" in result.stderr


@pytest.mark.parametrize(
    ("key", "package", "needed_by"),
    [("libatomic", "libatomic1", "browser tests"), ("poppler", "poppler-utils", "badge tests")],
)
def test_tools_only_tests_need_are_warned_about_without_stopping_make(key, package, needed_by):
    result = check_system(key)

    assert result.returncode == 0
    assert needed_by in result.stderr
    assert f"sudo apt-get install {package}\n" in result.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_serves_on_the_port_given_and_on_8000_by_default():
    def dry_run(*args):
        return subprocess.run(  # noqa: S603 - fixed arguments
            ["make", "-n", "run", *args],
            cwd=ROOT,
            env={name: value for name, value in os.environ.items() if name != "PORT"},
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout

    assert "runserver 127.0.0.1:8123" in dry_run("PORT=8123")
    assert "runserver 127.0.0.1:8000" in dry_run()
