"""Bad input gives a clear Vietnamese message, a 4xx status, and saves nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.documents.models import Source
from chidao.ingest import services
from chidao.ingest.models import IngestDraft
from chidao.ingest.readers import IngestError, decode_text, read_bytes, read_upload
from chidao.ingest.tests.helpers import FIXTURES, blank_pdf_bytes, docx_bytes, set_text

pytestmark = pytest.mark.django_db

ENGLISH = (
    b"The People's Committee decided today to set up a steering committee for the digital "
    b"transformation of the city. The chairman will lead it and the directors of departments "
    b"will be its members."
)
NO_COMMITTEE = (
    "Hà Nội, ngày 05 tháng 01 năm 2020. Hôm nay trời đẹp, các em học sinh của thành phố được "
    "nghỉ học và đi chơi công viên cùng gia đình trong những ngày đầu năm mới."
)


class HugeUpload:
    """A 50 MB upload whose bytes must never be read."""

    name = "quyet-dinh.pdf"
    size = 50 * 1024 * 1024

    def read(self, *args):
        raise AssertionError("the upload was read before its size was checked")


def assert_refused(status, fragment, call):
    drafts, sources = IngestDraft.objects.count(), Source.objects.count()
    with pytest.raises(IngestError) as caught:
        call()
    assert caught.value.status == status
    assert fragment in str(caught.value)
    assert IngestDraft.objects.count() == drafts
    assert Source.objects.count() == sources


def test_an_empty_file_is_refused(personas):
    upload = SimpleUploadedFile("trong.txt", b"")
    assert_refused(400, "rỗng", lambda: services.draft_create(actor=personas.standing, file=upload))


def test_a_file_of_blank_lines_is_empty_too():
    with pytest.raises(IngestError, match="rỗng"):
        read_bytes(b"\n \n\t\n", "trong.txt")


def test_a_scanned_pdf_without_text_is_refused(personas):
    upload = SimpleUploadedFile("ban-quet.pdf", blank_pdf_bytes())
    assert_refused(
        422, "không có lớp chữ", lambda: services.draft_create(actor=personas.standing, file=upload)
    )


def test_a_file_in_another_language_is_refused(personas):
    upload = SimpleUploadedFile("decision.txt", ENGLISH)
    assert_refused(
        422,
        "không phải tiếng Việt",
        lambda: services.draft_create(actor=personas.standing, file=upload),
    )


def test_a_50_mb_upload_is_refused_before_it_is_read(personas):
    assert_refused(
        413, "quá lớn", lambda: services.draft_create(actor=personas.standing, file=HugeUpload())
    )


def test_a_file_over_the_limit_without_a_declared_size_is_cut_short(settings):
    settings.CHIDAO_UPLOAD_MAX_BYTES = 1000

    class Stream(io.BytesIO):
        name = "dai.txt"
        size = None

    with pytest.raises(IngestError) as caught:
        read_upload(Stream(b"a" * 5000))
    assert caught.value.status == 413


def test_a_text_with_no_committee_is_refused(personas):
    assert_refused(
        422,
        "Không tìm thấy Ban Chỉ đạo",
        lambda: services.draft_create(actor=personas.standing, text=NO_COMMITTEE),
    )


def test_pasting_nothing_is_refused(personas):
    assert_refused(400, "rỗng", lambda: services.draft_create(actor=personas.standing, text="   "))


def test_an_image_or_old_word_file_is_refused():
    with pytest.raises(IngestError) as caught:
        read_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "anh.png")
    assert caught.value.status == 415
    with pytest.raises(IngestError) as caught:
        read_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "cu.doc")
    assert caught.value.status == 415


def test_a_broken_pdf_is_refused():
    with pytest.raises(IngestError, match="hỏng") as caught:
        read_bytes(b"%PDF-1.4\nnot really a pdf", "hong.pdf")
    assert caught.value.status == 415


def test_utf16_and_utf8_with_bom_are_read():
    text = set_text("seed_001.txt")

    assert decode_text(text.encode("utf-16")) == text
    assert decode_text(text.encode("utf-16-le")) == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_a_text_in_a_legacy_encoding_is_refused():
    with pytest.raises(IngestError, match="UTF-8") as caught:
        decode_text("Quyết định".encode()[:-1] + b"\xff\xfe\xfa", "cu.txt")
    assert caught.value.status == 415


def test_a_pdf_with_a_text_layer_is_read():
    content = (FIXTURES / "quyet_dinh_112.pdf").read_bytes()

    text, kind, _ = read_bytes(content, "quyet_dinh_112.pdf")
    draft = services.read_draft(text)

    assert kind == "application/pdf"
    assert draft["document"]["number"] == "112/QĐ-UBND"
    assert draft["document"]["date"] == "2020-01-06"
    assert draft["seats"][0]["person"] == "Đặng Quốc Hưng"
    assert len(draft["seats"]) == 10


def test_a_word_file_with_a_member_table_is_read():
    content = docx_bytes(
        [
            "ỦY BAN NHÂN DÂN",
            "THÀNH PHỐ HÀ NỘI",
            "Số: 321/QĐ-UBND",
            "Hà Nội, ngày 02 tháng 3 năm 2022",
            "QUYẾT ĐỊNH",
            "Về việc kiện toàn Ban Chỉ đạo Chuyển đổi số thành phố Hà Nội",
            "QUYẾT ĐỊNH:",
            "Điều 1. Kiện toàn Ban Chỉ đạo Chuyển đổi số thành phố Hà Nội, gồm:",
        ],
        table=[
            ["STT", "Họ và tên", "Chức vụ", "Chức danh"],
            ["1", "Ông Hồ Văn Nam", "Chủ tịch UBND Thành phố", "Trưởng ban"],
            ["2", "Bà Vũ Thị Mai", "Giám đốc Sở Nội vụ", "Ủy viên"],
        ],
    )

    text, kind, _ = read_bytes(content, "quyet-dinh.docx")
    draft = services.read_draft(text)

    assert kind.endswith("wordprocessingml.document")
    assert [(s["role"], s["person"], s["unit"]) for s in draft["seats"]] == [
        ("head", "Hồ Văn Nam", "Ủy ban nhân dân thành phố Hà Nội"),
        ("member", "Vũ Thị Mai", "Sở Nội vụ"),
    ]


def test_a_corrupt_word_file_is_refused():
    with pytest.raises(IngestError) as caught:
        read_bytes(b"PK\x03\x04" + b"\x00" * 50, "hong.docx")
    assert caught.value.status == 415
