"""Text out of what a user gives: pasted text, .txt (UTF-8 or UTF-16), .docx, .pdf (text layer).

Every refusal is an IngestError with a Vietnamese message and the HTTP status it answers with;
nothing is stored by this module. The size limit (settings.CHIDAO_UPLOAD_MAX_BYTES) is checked
from the declared size before any byte is read, so a 50 MB upload is refused at once.
"""

import io
import re
import unicodedata
import zipfile

from django.conf import settings

from chidao.core.errors import ActionRefused

VIETNAMESE_LETTERS = set("ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
VIETNAMESE_WORDS = re.compile(
    r"\b(?:và|của|các|quyết\s+định|ban\s+chỉ\s+đạo|ủy\s+ban|uỷ\s+ban|nhân\s+dân|thành\s+phố|"
    r"tỉnh|giám\s+đốc|chủ\s+tịch|được|những|trong|theo)\b",
    re.IGNORECASE,
)
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TXT = "text/plain"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", TXT: "txt"}


class IngestError(ActionRefused):
    """A refusal, for the user: `status` is the HTTP answer (400, 403, 404, 409, 413, 415, 422)."""


def max_bytes() -> int:
    return settings.CHIDAO_UPLOAD_MAX_BYTES


def too_large_message(name: str = "") -> str:
    limit_mb = max_bytes() / (1024 * 1024)
    shown = f"{limit_mb:.0f}" if limit_mb >= 1 else f"{limit_mb:.2f}"
    what = f"Tệp “{name}”" if name else "Văn bản"
    return f"{what} quá lớn: tối đa {shown} MB. Không có gì được lưu."


def max_text_bytes() -> int:
    return settings.CHIDAO_INGEST_MAX_TEXT_BYTES


def check_size(size: int | None, name: str = "") -> None:
    if size is not None and size > max_bytes():
        raise IngestError(too_large_message(name), status=413)


def read_upload(uploaded) -> tuple[str, str, bytes]:
    """(text, content type, original bytes) of an uploaded file (Django UploadedFile or any
    object with .name, .size and .read())."""
    name = getattr(uploaded, "name", "") or ""
    check_size(getattr(uploaded, "size", None), name)
    content = uploaded.read(max_bytes() + 1)
    if len(content) > max_bytes():
        raise IngestError(too_large_message(name), status=413)
    return read_bytes(content, name)


def read_bytes(content: bytes, name: str = "") -> tuple[str, str, bytes]:
    if not content or not content.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise IngestError(f"Tệp “{name}” rỗng: không có nội dung để đọc.", status=400)
    kind = sniff(content, name)
    if kind == PDF:
        text = pdf_text(content, name)
    elif kind == DOCX:
        text = docx_text(content, name)
    elif kind == TXT:
        text = decode_text(content, name)
    else:
        raise IngestError(
            f"Tệp “{name}” không đọc được: chỉ nhận văn bản .txt, Word .docx hoặc PDF có lớp chữ.",
            status=415,
        )
    return check_text(text, name), kind, content


def sniff(content: bytes, name: str) -> str | None:
    """The kind by content first (a renamed file is still what it is), then by name."""
    if content.startswith(b"%PDF"):
        return PDF
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return None
        return None
    lower = name.lower()
    if lower.endswith((".doc", ".xls", ".xlsx", ".odt", ".png", ".jpg", ".jpeg", ".zip")):
        return None
    if content.startswith((b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return None
    return TXT


def decode_text(content: bytes, name: str = "") -> str:
    """UTF-8 (with or without BOM) or UTF-16 (BOM, or many NUL bytes)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="strict")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    sample = content[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        even_nuls = sample[0::2].count(b"\x00")
        odd_nuls = sample[1::2].count(b"\x00")
        return content.decode("utf-16-be" if even_nuls > odd_nuls else "utf-16-le")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"Tệp “{name}” không phải văn bản UTF-8 hay UTF-16: hãy lưu lại với mã Unicode "
            "(UTF-8) rồi tải lên.",
            status=415,
        ) from exc


def docx_text(content: bytes, name: str = "") -> str:
    """Paragraphs and tables in document order; a table row is its cells joined by tabs."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a bad file
        raise IngestError(f"Tệp Word “{name}” bị hỏng hoặc không đọc được.", status=415) from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue  # a merged cell appears once per grid column
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
                lines.append("\t".join(cells))
    return "\n".join(lines)


def pdf_text(content: bytes, name: str = "") -> str:
    """The text layer of a PDF (pypdf). A scan without text layer is refused."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - pypdf is a declared dependency
        raise IngestError(
            "Máy chủ chưa cài thư viện đọc PDF (pypdf); hãy tải lên tệp Word hoặc văn bản.",
            status=415,
        ) from exc
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"Tệp PDF “{name}” có mật khẩu: không đọc được.", status=415)
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(f"Tệp PDF “{name}” bị hỏng hoặc không đọc được.", status=415) from exc
    text = "\n".join(pages)
    if len(re.sub(r"\s+", "", text)) < 20:
        raise IngestError(
            f"Tệp PDF “{name}” không có lớp chữ (có thể là bản quét): hãy tải lên bản PDF có "
            "chữ, tệp Word, hoặc dán nội dung văn bản.",
            status=422,
        )
    return text


def normalize(text: str) -> str:
    """NFC, Unix line ends, no NUL; the text every span refers to."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "").replace("\ufeff", "")


def check_text(text: str, name: str = "") -> str:
    """The normalized text, or a refusal when it is empty, too long or not Vietnamese."""
    text = normalize(text)
    if not text.strip():
        what = f"Tệp “{name}”" if name else "Văn bản"
        raise IngestError(f"{what} rỗng: không có nội dung để đọc.", status=400)
    if len(text.encode("utf-8")) > max_text_bytes():
        # Reading grows faster than the text: refuse what could not be read well within a
        # request (about 2 s for the limit) instead of letting the server's worker time out.
        what = f"Tệp “{name}”" if name else "Văn bản"
        raise IngestError(
            f"{what} quá dài để đọc: tối đa {max_text_bytes() // 1024} KB chữ (một quyết định "
            "thường dưới 50 KB). Hãy bỏ bớt các phụ lục không nói về Ban Chỉ đạo. Không có gì "
            "được lưu.",
            status=413,
        )
    if not looks_vietnamese(text):
        what = f"Tệp “{name}”" if name else "Văn bản"
        raise IngestError(
            f"{what} không phải tiếng Việt (quá ít chữ có dấu và từ tiếng Việt): chidao chỉ đọc "
            "quyết định, bài báo tiếng Việt.",
            status=422,
        )
    return text


def looks_vietnamese(text: str) -> bool:
    letters = [c for c in text.lower() if c.isalpha()]
    if len(letters) < 20:
        return False
    marked = sum(1 for c in letters if c in VIETNAMESE_LETTERS)
    words = len(VIETNAMESE_WORDS.findall(text))
    return marked / len(letters) >= 0.06 and words >= 3
