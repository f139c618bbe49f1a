"""The Norwegian catalogue (locale/nb/LC_MESSAGES/django.po and its compiled .mo, both committed).

    python scripts/translations.py update   collect the strings (makemessages), compile (msgfmt): make messages
    python scripts/translations.py check    fail on an incomplete or stale committed catalogue: make check-messages

`check` runs makemessages in a temporary copy of the project, so the working tree is never touched, and fails
when the collected catalogue has an untranslated or fuzzy entry, when it differs from the committed .po (someone
changed a string without `make messages`), or when the committed .mo is not the compiled committed .po
(compared through msgunfmt, so another gettext version writing other bytes is no failure). It prints the counts.
Needs GNU gettext (msgfmt, msgunfmt): apt-get install -y gettext.

The catalogue is written without source locations (--no-location: a moved line changes no .po line) and without
obsolete entries (--no-obsolete: a removed string leaves the catalogue; its translation is in git history).
There are no JavaScript strings, so there is no djangojs catalogue.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["nb"]
# Where makemessages looks: the apps, config and templates, not tests, benchmarks, collected static or data.
MAKEMESSAGES_ARGS = [
    "--no-location",
    "--no-obsolete",
    "--ignore=tests/*",
    "--ignore=bench/*",
    "--ignore=scripts/*",
    "--ignore=staticfiles/*",
    "--ignore=var/*",
    "--ignore=test-results/*",
    "--ignore=node_modules/*",
]
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "var", "staticfiles", "test-results", "node_modules", "__pycache__", ".*cache", ".hypothesis"
)
STATISTICS = re.compile(r"(\d+) (translated message|fuzzy translation|untranslated message)")
# The one header line makemessages rewrites on every run.
CREATION_DATE = re.compile(r'^"POT-Creation-Date: .*\\n"$', re.MULTILINE)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run one of our fixed commands (manage.py, msgfmt, msgunfmt); the tools are looked up on PATH."""
    tool = shutil.which(command[0]) or sys.exit(f"{command[0]} is missing: apt-get install -y gettext")
    return subprocess.run([tool, *command[1:]], check=True, **kwargs)  # noqa: S603 (no user input reaches it)


def catalogue(root: Path, language: str) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


def makemessages(root: Path) -> None:
    for language in LANGUAGES:
        catalogue(root, language).parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "manage.py", "makemessages", *[f"--locale={code}" for code in LANGUAGES]]
    run([*command, *MAKEMESSAGES_ARGS], cwd=root, stdout=subprocess.DEVNULL)


def compile_catalogue(po: Path, mo: Path) -> None:
    """Compile as Django's compilemessages does (msgfmt --check-format), for our catalogue only."""
    run(["msgfmt", "--check-format", "-o", str(mo), str(po)])


def statistics(po: Path) -> dict[str, int]:
    """Counts of translated, fuzzy and untranslated entries, as msgfmt reports them."""
    result = run(["msgfmt", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in STATISTICS.findall(result.stderr):
        counts[kind.split()[0]] = int(number)
    return counts


def unformat(mo: Path) -> str:
    return run(["msgunfmt", str(mo)], capture_output=True, text=True).stdout


def without_creation_date(text: str) -> str:
    return CREATION_DATE.sub("", text)


def update() -> int:
    makemessages(ROOT)
    for language in LANGUAGES:
        po = catalogue(ROOT, language)
        compile_catalogue(po, po.with_suffix(".mo"))
        counts = statistics(po)
        print(f"{language}: {counts['translated']} translated, {counts['fuzzy']} fuzzy, {counts['untranslated']} to do")
    return 0


def check() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as temporary:
        copy = Path(temporary) / "project"
        shutil.copytree(ROOT, copy, ignore=COPY_IGNORE)
        makemessages(copy)
        for language in LANGUAGES:
            committed_po, fresh_po = catalogue(ROOT, language), catalogue(copy, language)
            counts = statistics(fresh_po)
            total = sum(counts.values())
            print(
                f"{language}: {total} strings: {counts['translated']} translated, {counts['fuzzy']} fuzzy, "
                f"{counts['untranslated']} untranslated"
            )
            if counts["untranslated"] or counts["fuzzy"]:
                problems.append(f"{language}: {counts['untranslated']} untranslated, {counts['fuzzy']} fuzzy strings")
            if without_creation_date(committed_po.read_text()) != without_creation_date(fresh_po.read_text()):
                problems.append(f"{language}: {committed_po.relative_to(ROOT)} is out of date: run `make messages`")
            committed_mo = committed_po.with_suffix(".mo")
            fresh_mo = Path(temporary) / f"{language}.mo"
            compile_catalogue(committed_po, fresh_mo)
            if not committed_mo.exists() or unformat(committed_mo) != unformat(fresh_mo):
                problems.append(f"{language}: {committed_mo.relative_to(ROOT)} is not the compiled .po: make messages")
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["update", "check"])
    return {"update": update, "check": check}[parser.parse_args().command]()


if __name__ == "__main__":
    sys.exit(main())
