"""Fetch the two checkers the accessibility and HTML tests run, from their pinned npm packages.

    python3 scripts/test_tools.py           # fetch what is missing or stale, verify, write
    python3 scripts/test_tools.py --check   # write nothing, fail if a file is missing or differs

- axe-core's axe.min.js (MPL-2.0, 650 kB) is kept in git under tests/browser/vendor/axe-core/
  with its licence: the browser tests inject it into the page under test. It is a test asset, so
  it lives under tests/, not static/: collectstatic never serves it to users.
- The Nu Html Checker's vnu.jar (MIT, 32 MB) is too big for git: it is fetched into
  .test-tools/ (ignored by git) by `make test`, which runs this script first.

The versions, the registry's sha512 integrity of each tarball and the sha256 of each file taken
from it are pinned below: a changed tarball or file stops the script. tests/browser/vendor/SOURCES.json
records where the committed files came from. The tarball comes from `npm pack` when npm is on
PATH, otherwise straight from the registry's tarball address (the same bytes, checked the same way).
"""

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE_DIR = ROOT / "tests" / "browser" / "vendor"
TOOLS_DIR = ROOT / ".test-tools"
REGISTRY = "https://registry.npmjs.org"

PACKAGES = [
    {
        "name": "axe-core",
        "version": "4.14.1",
        "integrity": "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        "target": AXE_DIR / "axe-core",
        "manifest": AXE_DIR / "SOURCES.json",
        "files": {
            "package/axe.min.js": ("axe.min.js", "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"),
            "package/LICENSE": ("LICENSE", "af175b9d96ee93c21a036152e1b905b0b95304d4ae8c2c921c7609100ba8df7e"),
        },
    },
    {
        "name": "vnu-jar",
        "version": "26.9.27",
        "integrity": "sha512-TkQd5DFfOaWC9ebtvozTsrH2Vaod3jYg+vrOeREzIXxBexLz9+rS2DNtjn7+RPUiZhgli0SghgBX6RJRNea0KA==",
        "target": TOOLS_DIR / "vnu-jar",
        "manifest": None,
        "files": {
            "package/build/dist/vnu.jar": (
                "vnu.jar",
                "22f15dd39a33bed929d2a5c0cddf5946849a647eca9272bf4d5d00bc7e7a4d47",
            ),
            "package/LICENSE": ("LICENSE", "898dd2305ffcc6ad9d8fe0a1bc0ea11542e601a3c5706475454cdf9b1896f9d1"),
        },
    },
]

AXE_JS = AXE_DIR / "axe-core" / "axe.min.js"
AXE_JS_SHA256 = PACKAGES[0]["files"]["package/axe.min.js"][1]
VNU_JAR = TOOLS_DIR / "vnu-jar" / "vnu.jar"
VNU_JAR_SHA256 = PACKAGES[1]["files"]["package/build/dist/vnu.jar"][1]


def _pinned(package: dict) -> dict[Path, str]:
    return {package["target"] / name: sha256 for name, sha256 in package["files"].values()}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_current(path: Path, sha256: str) -> bool:
    return path.is_file() and sha256_of(path) == sha256


def _download(package: dict, workdir: Path) -> Path:
    name, version = package["name"], package["version"]
    npm = shutil.which("npm")
    if npm is not None:
        result = subprocess.run(  # noqa: S603 - fixed program, pinned package spec
            [npm, "pack", f"{name}@{version}", "--silent", "--pack-destination", str(workdir)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            sys.exit(f"npm pack {name}@{version} failed:\n{result.stderr}")
        return workdir / result.stdout.strip().splitlines()[-1]
    tarball = workdir / f"{name}-{version}.tgz"
    url = f"{REGISTRY}/{name}/-/{name}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=120) as response, tarball.open("wb") as out:  # noqa: S310 - fixed https URL
        shutil.copyfileobj(response, out)
    return tarball


def _fetch(package: dict) -> None:
    label = f"{package['name']}@{package['version']}"
    with tempfile.TemporaryDirectory(prefix="ccm-test-tools-") as workdir:
        tarball = _download(package, Path(workdir))
        integrity = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode("ascii")
        if integrity != package["integrity"]:
            sys.exit(f"{label}: the tarball's integrity is {integrity}, not the pinned {package['integrity']}.")
        package["target"].mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball, "r:gz") as archive:
            for member_name, (target_name, sha256) in package["files"].items():
                handle = archive.extractfile(archive.getmember(member_name))
                if handle is None:
                    sys.exit(f"{label}: {member_name} is not a regular file in the tarball.")
                body = handle.read()
                if hashlib.sha256(body).hexdigest() != sha256:
                    sys.exit(f"{label}: {member_name} does not have the pinned sha256 {sha256}.")
                (package["target"] / target_name).write_bytes(body)
                print(f"wrote {(package['target'] / target_name).relative_to(ROOT)} ({label})")


def _manifest_text(package: dict) -> str:
    files = {
        f"{package['target'].name}/{name}": {"package": f"{package['name']}@{package['version']}", "sha256": sha256}
        for name, sha256 in sorted(package["files"].values())
    }
    return json.dumps({"generated_by": "scripts/test_tools.py", "files": files}, indent=2) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a file is missing or differs, write nothing")
    args = parser.parse_args(argv)

    status = 0
    for package in PACKAGES:
        stale = [path for path, sha256 in _pinned(package).items() if not is_current(path, sha256)]
        manifest = package["manifest"]
        manifest_stale = manifest is not None and (
            not manifest.is_file() or manifest.read_text() != _manifest_text(package)
        )
        if args.check:
            for path in stale:
                print(f"missing or not the pinned file: {path.relative_to(ROOT)}")
            if manifest_stale:
                print(f"out of date: {manifest.relative_to(ROOT)}")
            status = status or int(bool(stale or manifest_stale))
            continue
        if stale:
            _fetch(package)
        if manifest_stale:
            manifest.write_text(_manifest_text(package))
            print(f"wrote {manifest.relative_to(ROOT)}")
    if args.check and status:
        print("Run `python3 scripts/test_tools.py`.")
    return status


if __name__ == "__main__":
    sys.exit(main())
