"""Run one runnable block of the starter bank in a fresh interpreter, in its context."""

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from questions.starter_blocks import Block

ROOT = Path(__file__).resolve().parents[2]
CONTEXT = Path(__file__).resolve().parent / "context"
BANK_VENV = ROOT / ".venv-bank"
TIMEOUT = 90


def interpreter() -> str:
    """Python 3.13 from `.venv-bank` (made by `make bank-venv`), else the running Python."""
    candidate = BANK_VENV / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


@dataclass
class Outcome:
    ok: bool
    output: str


def _environment() -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH", "DATABASE_URL", "REDIS_URL"}
    }
    env.update(PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0", NO_COLOR="1")
    return env


def _command(block: Block, folder: Path) -> list[str]:
    python = interpreter()
    pytest = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    pytest += ["-o", "asyncio_default_fixture_loop_scope=function"]
    if block.context == "script":
        (folder / "snippet.py").write_text(block.code)
        return [python, "snippet.py"]
    if block.context == "doctest":
        (folder / "snippet.txt").write_text(block.code)
        return [python, "-m", "doctest", "snippet.txt"]
    if block.context == "pytest":
        (folder / "test_snippet.py").write_text(block.code)
        return [*pytest, "-p", "no:django", "test_snippet.py"]
    shutil.copy(CONTEXT / "snippet_settings.py", folder / "snippet_settings.py")
    package = folder / "bank"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text("")
    if block.context == "django":
        (package / "snippet.py").write_text(block.code)
        shutil.copy(CONTEXT / "django_run.py", folder / "django_run.py")
        return [python, "django_run.py"]
    if block.context == "django-pytest":
        (package / "test_snippet.py").write_text(block.code)
        shutil.copy(CONTEXT / "django_conftest.py", folder / "conftest.py")
        return [*pytest, "bank/test_snippet.py"]
    raise ValueError(f"not a runnable block: {block.language} {sorted(block.markers)}")


def run(block: Block) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="bank-block-") as name:
        folder = Path(name)
        command = _command(block, folder)
        try:
            done = subprocess.run(
                command,
                cwd=folder,
                env=_environment(),
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            return Outcome(False, f"did not finish in {TIMEOUT} s")
        output = (done.stdout + done.stderr).strip()
        if done.returncode != 0:
            return Outcome(False, output or f"exit status {done.returncode}")
        return Outcome(True, output)
