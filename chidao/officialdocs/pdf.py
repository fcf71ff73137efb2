"""PDF from Word, in one place: LibreOffice headless, and reading the PDF back.

pdf = docx_to_pdf(docx_bytes)     # needs LibreOffice (soffice); scripts/ensure-libreoffice.sh
page_count(pdf), page_texts(pdf), pages_without_text(pdf)
"""

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from pypdf import PdfReader

PDF_TYPE = "application/pdf"
SOFFICE_TIMEOUT = 600  # seconds; a 700-page report converts in about a minute
# A page "has text" when it holds this many letters besides its page number.
MIN_LETTERS = 40


class ConversionError(RuntimeError):
    """LibreOffice is missing, failed, or took too long."""


def soffice_path() -> str | None:
    """The LibreOffice binary: settings.CHIDAO_SOFFICE, else soffice or libreoffice on PATH."""
    configured = getattr(settings, "CHIDAO_SOFFICE", "") or os.environ.get("CHIDAO_SOFFICE", "")
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_bytes: bytes, *, timeout: int | None = None) -> bytes:
    """Convert a .docx to PDF with LibreOffice headless, in a private temporary directory
    with its own LibreOffice profile (so conversions never share or lock a user profile
    and may run side by side)."""
    timeout = timeout or int(
        getattr(settings, "CHIDAO_SOFFICE_TIMEOUT", 0)
        or os.environ.get("CHIDAO_SOFFICE_TIMEOUT", "")
        or SOFFICE_TIMEOUT
    )
    binary = soffice_path()
    if binary is None:
        raise ConversionError("LibreOffice (soffice) không có trên máy chủ.")
    with tempfile.TemporaryDirectory(prefix="vanban-pdf-") as workdir:
        work = Path(workdir)
        source = work / "van-ban.docx"
        source.write_bytes(docx_bytes)
        profile = (work / "profile").as_uri()
        command = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            completed = subprocess.run(  # noqa: S603 — fixed arguments, no shell
                command,
                capture_output=True,
                timeout=timeout,
                check=False,
                env={**os.environ, "HOME": str(work)},
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(f"LibreOffice quá {timeout} giây chưa chuyển xong.") from exc
        target = work / "van-ban.pdf"
        if completed.returncode != 0 or not target.is_file():
            detail = (completed.stderr or completed.stdout or b"").decode(errors="replace")
            raise ConversionError(
                f"LibreOffice không chuyển được sang PDF (mã {completed.returncode}): "
                f"{detail.strip()[:500]}"
            )
        return target.read_bytes()


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def pages_without_text(pdf: bytes) -> list[int]:
    """Pages (from 1) with no body text: blank, or holding only a page number, a picture or
    a legend. Letters only count, so a page number or a column of figures is not text."""
    empty = []
    for number, text in enumerate(page_texts(pdf), start=1):
        letters = sum(1 for char in text if char.isalpha())
        if letters < MIN_LETTERS:
            empty.append(number)
    return empty
