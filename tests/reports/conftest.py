"""Reports are read back as text with poppler's pdftotext, as a reader's tools would."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from flask import Flask

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs pdftotext and pdfinfo (poppler-utils)"
)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """Return the PDF's text with runs of white space made single spaces."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return re.sub(r"\s+", " ", text)


def pdf_info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


@pytest.fixture(scope="module")
def plain_app(sqlite_template: Path) -> Flask:
    """An app for rendering reports from plain data; these tests never touch its database."""
    from toolkit import create_app

    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{sqlite_template}"})
