"""Refresh the third-party front-end files in static/vendor/ from their npm packages.

    python3 scripts/vendor_assets.py           # fetch, verify, write static/vendor/
    python3 scripts/vendor_assets.py --check   # fetch, verify, fail if static/vendor/ differs

The versions and the registry's sha512 integrity of each tarball are pinned below, so
two runs a year apart write the same bytes, and a changed tarball stops the script.
Each package's files are copied unchanged, with their source maps (the minified files
end with `sourceMappingURL` comments, which the manifest storage follows: a missing map
stops `collectstatic`) and their licence. static/vendor/SOURCES.json records where every
file came from and its sha256; tests/test_static_files.py checks the tree against it.

Needs `npm` on PATH (only to download: `npm pack`); nothing is fetched at run time.
htmx is not vendored here: django-htmx ships it and `{% htmx_script %}` serves it.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
SOURCES = VENDOR / "SOURCES.json"

# name, version, integrity as the npm registry publishes it (`npm view <pkg>@<version> dist.integrity`),
# target directory under static/vendor, {path in the tarball: file name in the target}.
PACKAGES = [
    {
        "name": "bootstrap",
        "version": "5.3.8",
        "integrity": "sha512-HP1SZDqaLDPwsNiqRqi5NcP0SSXciX2s9E+RyqJIIqGo+vJeN5AJVM98CXmW/Wux0nQ5L7jeWUdplCEf0Ee+tg==",
        "directory": "bootstrap",
        "files": {
            "package/dist/css/bootstrap.min.css": "bootstrap.min.css",
            "package/dist/css/bootstrap.min.css.map": "bootstrap.min.css.map",
            "package/dist/css/bootstrap.rtl.min.css": "bootstrap.rtl.min.css",
            "package/dist/css/bootstrap.rtl.min.css.map": "bootstrap.rtl.min.css.map",
            "package/dist/js/bootstrap.bundle.min.js": "bootstrap.bundle.min.js",
            "package/dist/js/bootstrap.bundle.min.js.map": "bootstrap.bundle.min.js.map",
            "package/LICENSE": "LICENSE",
        },
    },
    {
        # Bootstrap's bundle includes Popper (dropdowns, tooltips); its licence goes with it.
        "name": "@popperjs/core",
        "version": "2.11.8",
        "integrity": "sha512-P1st0aksCrn9sGZhp8GMYwBnQsbvAWsZAX44oXNNvLHGqAOcoVxmjZiohstwQ7SqKnbR47akdNi+uleWD8+g6A==",
        "directory": "bootstrap",
        "files": {"package/LICENSE.md": "LICENSE.popper.md"},
    },
]


def npm_pack(name: str, version: str, workdir: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed to download the packages (Debian/Ubuntu: sudo apt-get install npm).")
    result = subprocess.run(  # noqa: S603 - fixed program, pinned package spec
        [npm, "pack", f"{name}@{version}", "--silent", "--pack-destination", str(workdir)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"npm pack {name}@{version} failed:\n{result.stderr}")
    tarball = workdir / result.stdout.strip().splitlines()[-1]
    if not tarball.is_file():
        sys.exit(f"npm pack {name}@{version} wrote no tarball ({result.stdout!r}).")
    return tarball


def integrity_of(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode("ascii")


def extract(package: dict, tarball: Path) -> dict[str, bytes]:
    """{file name in the target directory: bytes}, exactly as published."""
    found = integrity_of(tarball)
    if found != package["integrity"]:
        sys.exit(
            f"{package['name']}@{package['version']}: the tarball's integrity is {found},"
            f" not the pinned {package['integrity']}. Refusing to vendor it."
        )
    contents = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for member_name, target_name in package["files"].items():
            member = archive.getmember(member_name)
            handle = archive.extractfile(member)
            if handle is None:
                sys.exit(f"{package['name']}: {member_name} is not a regular file in the tarball.")
            contents[target_name] = handle.read()
    return contents


def collect() -> tuple[dict[Path, bytes], dict]:
    files: dict[Path, bytes] = {}
    sources: dict = {"generated_by": "scripts/vendor_assets.py", "files": {}}
    with tempfile.TemporaryDirectory(prefix="ccm-vendor-") as workdir:
        for package in PACKAGES:
            tarball = npm_pack(package["name"], package["version"], Path(workdir))
            for target_name, body in extract(package, tarball).items():
                relative = f"{package['directory']}/{target_name}"
                files[VENDOR / relative] = body
                sources["files"][relative] = {
                    "package": f"{package['name']}@{package['version']}",
                    "sha256": hashlib.sha256(body).hexdigest(),
                }
    sources["files"] = dict(sorted(sources["files"].items()))
    return files, sources


def sources_text(sources: dict) -> str:
    return json.dumps(sources, indent=2) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if static/vendor/ differs, write nothing")
    args = parser.parse_args(argv)

    files, sources = collect()
    files[SOURCES] = sources_text(sources).encode("utf-8")
    # Files of a vendored directory that no package provides any more (an old version's leftovers).
    directories = {path.parent for path in files if path != SOURCES}
    stale = sorted(p for d in directories if d.is_dir() for p in d.iterdir() if p.is_file() and p not in files)

    if args.check:
        differing = [p for p, body in files.items() if not p.is_file() or p.read_bytes() != body]
        if differing or stale:
            for path in differing:
                print(f"differs from the pinned package: {path.relative_to(ROOT)}")
            for path in stale:
                print(f"not from any pinned package: {path.relative_to(ROOT)}")
            print("Run `make vendor` (python3 scripts/vendor_assets.py) and commit static/vendor/.")
            return 1
        print(f"static/vendor/ matches the pinned packages ({len(files)} files).")
        return 0

    for path, body in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != body:
            path.write_bytes(body)
            print(f"wrote {path.relative_to(ROOT)}")
    for path in stale:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    print(f"static/vendor/ is up to date ({len(files)} files).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
