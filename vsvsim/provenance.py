"""Which commit a generated file comes from (for the reports' provenance lines)."""

from __future__ import annotations

import subprocess
from pathlib import Path

__all__ = ["git_commit"]


def git_commit(root: Path) -> tuple[str, bool]:
    """The short commit of the checkout at ``root`` and whether tracked files changed.

    Returns ``("unknown", False)`` outside a git checkout or without git.
    """
    run = {"cwd": root, "capture_output": True, "text": True, "check": True}
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], **run).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], **run
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown", False
    return head, bool(dirty)
