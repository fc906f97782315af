"""Check that this machine can run CCM Portal, before anything imports WeasyPrint.

The Makefile runs this with the system Python, before the virtualenv exists, so
it uses only the standard library and keeps to syntax old interpreters can parse:
on Python 3.9 it must still be able to say "you need 3.11", not crash.

WeasyPrint loads Pango, HarfBuzz and fontconfig with dlopen() when it is first
imported. Without them it fails deep inside a migration or a test run with a
cffi traceback; here the same problem becomes one line naming the package.

Exit status: 0 when everything required is present, 1 otherwise. What only some
tests need (libatomic for Playwright's driver, poppler-utils) is reported as a
warning and does not stop `make`. GNU gettext's msgfmt is required: `make setup`
compiles the translation catalogues with it.

To see the failure messages on a machine that has everything, set
CCM_CHECK_PRETEND_MISSING to a comma-separated list of keys to treat as missing:
python, gobject, pango, pangoft2, harfbuzz, harfbuzz-subset, fontconfig, arabic-fonts,
chinese-fonts, gettext, libatomic, poppler (for example
`CCM_CHECK_PRETEND_MISSING=pango python3 scripts/check_system.py`).
"""

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys

MIN_PYTHON = (3, 11)
# WeasyPrint needs Pango 1.44 or later.
MIN_PANGO = (1, 44)

# WeasyPrint subsets fonts with HarfBuzz's subsetter from this version on, else with fontTools.
MIN_HARFBUZZ_SUBSET = (4, 1, 0)

# (key, human name, Debian package, names to try). The names are the ones WeasyPrint itself
# tries (weasyprint/text/ffi.py), so "found here" means "found by WeasyPrint".
LIBRARIES = [
    (
        "gobject",
        "GObject (GLib)",
        "libglib2.0-0",
        ["libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "libgobject-2.0.so.0", "libgobject-2.0.0.dylib"],
    ),
    (
        "pango",
        "Pango",
        "libpango-1.0-0",
        ["libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0", "libpango-1.0.dylib"],
    ),
    (
        "pangoft2",
        "PangoFT2",
        "libpangoft2-1.0-0",
        ["libpangoft2-1.0-0", "pangoft2-1.0-0", "pangoft2-1.0", "libpangoft2-1.0.so.0", "libpangoft2-1.0.dylib"],
    ),
    (
        "harfbuzz",
        "HarfBuzz",
        "libharfbuzz0b",
        ["libharfbuzz-0", "harfbuzz", "harfbuzz-0.0", "libharfbuzz.so.0", "libharfbuzz.0.dylib"],
    ),
    (
        # WeasyPrint loads it with allow_fail and falls back to fontTools, which makes every
        # PDF with embedded fonts 4 to 5 times slower (3.3 s instead of 0.7 s for 400 names).
        "harfbuzz-subset",
        "HarfBuzz subset, for fast font subsetting in PDFs",
        "libharfbuzz-subset0",
        [
            "libharfbuzz-subset-0",
            "harfbuzz-subset",
            "harfbuzz-subset-0.0",
            "libharfbuzz-subset.so.0",
            "libharfbuzz-subset.0.dylib",
        ],
    ),
    (
        "fontconfig",
        "fontconfig",
        "libfontconfig1",
        ["libfontconfig-1", "fontconfig-1", "fontconfig", "libfontconfig.so.1", "libfontconfig.1.dylib"],
    ),
]
DEBIAN_PACKAGES = " ".join(package for _key, _label, package, _names in LIBRARIES)

# Homebrew does not put its prefix on the default dlopen() path.
MACOS_LIBRARY_DIRS = ["/opt/homebrew/lib", "/usr/local/lib"]


def pretend_missing():
    value = os.environ.get("CCM_CHECK_PRETEND_MISSING", "")
    return {item.strip().lower() for item in value.split(",") if item.strip()}


def load_library(names):
    """Return a loaded ctypes library for the first name that loads, or None."""
    candidates = []
    for name in names:
        found = ctypes.util.find_library(name)
        if found:
            candidates.append(found)
        candidates.append(name)
    if sys.platform == "darwin":
        extra_dirs = [d for d in os.environ.get("DYLD_FALLBACK_LIBRARY_PATH", "").split(":") if d]
        for directory in extra_dirs + MACOS_LIBRARY_DIRS:
            candidates.extend(os.path.join(directory, name) for name in names if name.endswith(".dylib"))
    for candidate in candidates:
        try:
            return ctypes.CDLL(candidate)
        except OSError:
            continue
    return None


def pango_version(library):
    """Pango's runtime version as a (major, minor) tuple, or None if it cannot tell."""
    try:
        function = library.pango_version
    except AttributeError:
        return None
    function.restype = ctypes.c_int
    function.argtypes = []
    encoded = function()  # major * 10000 + minor * 100 + micro
    return (encoded // 10000, encoded // 100 % 100)


def install_hint(packages=DEBIAN_PACKAGES):
    return (
        "  Debian/Ubuntu: sudo apt-get install " + packages + "\n"
        "  macOS (Homebrew): brew install pango\n"
        "  Other systems: https://doc.courtbouillon.org/weasyprint/stable/first_steps.html#installation"
    )


def check_python(missing):
    version = sys.version_info[:2]
    if "python" in missing:
        version = (3, 9)
    if version >= MIN_PYTHON:
        return []
    where = sys.executable or "this interpreter"
    return [
        f"CCM Portal needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or later;"
        f" {where} is Python {version[0]}.{version[1]}.\n"
        "  Install Python 3.11 (python.org, pyenv, or `sudo apt-get install python3.11 python3.11-venv`)\n"
        "  so that `python3.11` is on your PATH, then run make again."
    ]


def harfbuzz_at_least(library, version):
    """Whether the loaded HarfBuzz is `version` or later; True if it cannot tell."""
    try:
        function = library.hb_version_atleast
    except AttributeError:
        return True
    function.restype = ctypes.c_int
    function.argtypes = [ctypes.c_uint, ctypes.c_uint, ctypes.c_uint]
    return bool(function(*version))


def check_libraries(missing):
    absent = []
    packages = []
    problems = []
    for key, label, package, names in LIBRARIES:
        library = None if key in missing else load_library(names)
        if library is None:
            absent.append(f"{label} ({names[3]}, Debian package {package})")
            packages.append(package)
            continue
        if key == "harfbuzz" and not harfbuzz_at_least(library, MIN_HARFBUZZ_SUBSET):
            problems.append(
                "HarfBuzz is older than {}.{}.{}: WeasyPrint then subsets fonts with fontTools, and PDFs"
                " render 4 to 5 times slower.\n"
                "  Upgrade the system (Debian 12 / Ubuntu 22.04 or later).".format(*MIN_HARFBUZZ_SUBSET)
            )
        if key == "pango":
            version = pango_version(library)
            if version is not None and version < MIN_PANGO:
                problems.append(
                    f"Pango {version[0]}.{version[1]} is installed, but WeasyPrint needs"
                    f" Pango {MIN_PANGO[0]}.{MIN_PANGO[1]} or later.\n"
                    "  Upgrade the system (Debian 11 / Ubuntu 20.04 or later ship a recent enough Pango)."
                )
    if absent:
        problems.insert(
            0,
            "WeasyPrint (the PDF renderer) needs system libraries that could not be loaded:\n"
            + "".join(f"  - {item}\n" for item in absent)
            + "Install them with:\n"
            + install_hint(" ".join(packages)),
        )
    return problems


# Lists of participants and badges print names in every script with embedded fonts:
# the PDF stylesheets ask for these Noto families (see delegations/templates/.../pdf/).
FONTS = [
    ("arabic-fonts", "ar", "Arabic", "fonts-noto-core", ("Noto Naskh Arabic", "Noto Sans Arabic")),
    ("chinese-fonts", "zh", "Chinese", "fonts-noto-cjk", ("Noto Sans CJK SC", "Noto Serif CJK SC")),
]


def check_fonts(missing):
    """Fonts covering Arabic and Chinese names, found through fontconfig as WeasyPrint finds them."""
    if sys.platform == "darwin":
        return []  # macOS ships fonts for both scripts; fontconfig finds them through Homebrew's Pango
    fc_list = shutil.which("fc-list")
    problems = []
    for key, lang, script, package, families in FONTS:
        found = ""
        if fc_list and key not in missing:
            try:
                found = subprocess.run(  # noqa: S603 - fixed arguments, fc-list from PATH
                    [fc_list, ":lang=" + lang, "family"], capture_output=True, text=True, timeout=30
                ).stdout
            except (OSError, subprocess.SubprocessError):
                found = ""
        if not any(family in found for family in families):
            problems.append(
                "No " + script + " font for the PDFs (" + " or ".join(families) + ") was found by fontconfig.\n"
                "  Debian/Ubuntu: sudo apt-get install " + package + "\n"
                "  Other systems: install the Noto fonts for " + script + " (" + families[0] + ")."
            )
    return problems


def check_gettext(missing):
    """GNU gettext's msgfmt, which `manage.py compilemessages` (run by `make setup`) calls."""
    if "gettext" not in missing and shutil.which("msgfmt"):
        return []
    return [
        "GNU gettext (msgfmt) was not found: `make setup` compiles the translation catalogues\n"
        "  (locale/*/LC_MESSAGES/django.po) with it; without them every page is in English.\n"
        "  Debian/Ubuntu: sudo apt-get install gettext\n"
        "  macOS (Homebrew): brew install gettext"
    ]


def _has_libatomic():
    if not sys.platform.startswith("linux"):
        return True  # Playwright's driver links it only on Linux
    return load_library(["atomic", "libatomic.so.1"]) is not None


def _has_poppler():
    return all(shutil.which(tool) for tool in ("pdftoppm", "pdftotext"))


# What only some tests need: reported, but `make` goes on. (key, what needs it, Debian package, test)
TEST_TOOLS = [
    (
        "libatomic",
        "libatomic (libatomic.so.1): Playwright's browser driver needs it; without it the browser"
        " tests (pytest -m browser) error out with `libatomic.so.1: cannot open shared object file`",
        "libatomic1",
        _has_libatomic,
    ),
    (
        "poppler",
        "poppler-utils (pdftoppm, pdftotext): the badge tests rasterise PDFs with them, and skip without",
        "poppler-utils",
        _has_poppler,
    ),
]


def check_test_tools(missing):
    warnings = []
    for key, label, package, present in TEST_TOOLS:
        if key in missing or not present():
            warnings.append(label + ".\n  Debian/Ubuntu: sudo apt-get install " + package)
    return warnings


def main():
    missing = pretend_missing()
    problems = check_python(missing) + check_libraries(missing) + check_gettext(missing)
    if not problems:
        problems += check_fonts(missing)
    if problems:
        sys.stderr.write("\nSystem check failed:\n\n" + "\n\n".join(problems) + "\n\n")
        return 1
    warnings = check_test_tools(missing)
    if warnings:
        sys.stderr.write(
            "\nSystem check: the portal can run; some tests need more:\n\n" + "\n\n".join(warnings) + "\n\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
