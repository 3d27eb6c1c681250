#!/usr/bin/env python3
"""Keep the translations complete: extract every tr() string from ui/ and widgets/ into the Qt
Linguist source (resources/i18n/commandcenter_zh.ts), fill in the Chinese from the glossary
(resources/i18n/zh.tsv: context<TAB>English<TAB>Chinese, or *<TAB>English<TAB>Chinese for any
context), and compile the .qm the app loads.

    python scripts/i18n.py            # update .ts from the sources + glossary, compile .qm
    python scripts/i18n.py --check    # exit 1 listing strings that have no Chinese yet
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
TS = I18N / "commandcenter_zh.ts"
QM = I18N / "commandcenter_zh.qm"
GLOSSARY = I18N / "zh.tsv"


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for folder in ("ui", "widgets") for p in (ROOT / folder).rglob("*.py"))


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found (it comes with PySide6)")
    return found


def lupdate(ts: Path) -> None:
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none",
                    "-target-language", "zh_CN", "-ts", str(ts)], cwd=ROOT, check=True, capture_output=True)


def glossary() -> dict[tuple[str, str], str]:
    table: dict[tuple[str, str], str] = {}
    if GLOSSARY.exists():
        for number, line in enumerate(GLOSSARY.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                sys.exit(f"{GLOSSARY}:{number}: expected context<TAB>English<TAB>Chinese")
            context, source, target = parts
            table[(context, source.replace("\\n", "\n"))] = target.replace("\\n", "\n")
    return table


def fill(ts: Path, table: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    """Write glossary translations into ``ts``; return the (context, source) pairs still missing."""
    tree = ET.parse(ts)
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            target = table.get((name, source)) or table.get(("*", source))
            if target:
                translation.text = target
                translation.attrib.pop("type", None)
            elif not (translation.text or "").strip() or translation.get("type") == "unfinished":
                # lupdate's guesses from same-text strings stay "unfinished", and the .qm leaves them out
                missing.append((name, source))
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    I18N.mkdir(parents=True, exist_ok=True)
    target = TS
    if args.check:
        import tempfile

        target = Path(tempfile.mkdtemp()) / TS.name
        if TS.exists():
            shutil.copy(TS, target)
    lupdate(target)
    missing = fill(target, glossary())
    if args.check:
        for context, source in missing:
            print(f"{context}\t{source}")
        return 1 if missing else 0
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], cwd=ROOT, check=True, capture_output=True)
    print(f"{TS.relative_to(ROOT)}: {len(missing)} strings without Chinese; compiled {QM.relative_to(ROOT)}")
    for context, source in missing[:50]:
        print(f"  {context}\t{source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
