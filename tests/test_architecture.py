"""The layering of style.md, checked by import-linter's contracts in pyproject.toml."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    beside_python = Path(sys.executable).parent / "lint-imports"
    command = str(beside_python) if beside_python.exists() else shutil.which("lint-imports")
    assert command, "import-linter is part of the test extras: pip install -e '.[test]'"
    result = subprocess.run([command, "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and result.stdout.count("KEPT") == 5
