"""`chidao ingest FILE [--json]`: the draft on stdout; bad input is a CommandError (exit 1)."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chidao.ingest.tests.helpers import SET_DIR, blank_pdf_bytes

pytestmark = pytest.mark.django_db


def test_json_has_the_contract_keys_with_nulls_for_the_unknown():
    out = StringIO()
    call_command("ingest", str(SET_DIR / "seed_000.txt"), "--json", stdout=out)
    draft = json.loads(out.getvalue())

    assert list(draft)[:7] == [
        "document",
        "action",
        "replaces",
        "committee",
        "seats",
        "standing_agencies",
        "working_group",
    ]
    assert set(draft["document"]) >= {"number", "date", "issuer", "signer"}
    assert draft["document"]["date"] is None
    assert draft["committee"]["predecessor"] is None
    assert all({"role", "person", "position", "unit"} <= set(s) for s in draft["seats"])
    assert all({"domain", "unit"} <= set(a) for a in draft["standing_agencies"])
    assert "seats" in draft["working_group"]


def test_the_plain_output_lists_the_seats():
    out = StringIO()
    call_command("ingest", str(SET_DIR / "d09_quang_ninh_2023.txt"), stdout=out)

    text = out.getvalue()
    assert "2117/QĐ-UBND" in text
    assert "Trưởng ban: Triệu Văn Lâm" in text
    assert "[đơn vị mới]" in text  # Quảng Ninh's units are not in the register


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "rỗng"),
        ("blank-pdf", "lớp chữ"),
        (b"Plain English here, nothing Vietnamese in this file, just some words.", "tiếng Việt"),
    ],
)
def test_bad_input_is_a_command_error(tmp_path, content, fragment):
    path = tmp_path / ("x.pdf" if content == "blank-pdf" else "x.txt")
    path.write_bytes(blank_pdf_bytes() if content == "blank-pdf" else content)

    with pytest.raises(CommandError, match=fragment):
        call_command("ingest", str(path), stdout=StringIO())


def test_a_missing_file_is_a_command_error():
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("ingest", "/khong/co/tep.txt", stdout=StringIO())


def test_the_command_exits_with_1_on_bad_input(tmp_path):
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")

    result = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "chidao.cli", "ingest", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={"DJANGO_SETTINGS_MODULE": "chidao.settings", "CHIDAO_TESTING": "true", "PATH": ""},
    )

    assert result.returncode == 1
    assert "rỗng" in result.stderr
