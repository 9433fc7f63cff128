"""Where the files that ship beside the code are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def shipped(folder: str) -> Path:
    """Find a top-level folder: inside the package when installed, else in the checkout."""
    inside = PACKAGE_DIR / folder
    return inside if inside.is_dir() else PACKAGE_DIR.parent / folder
