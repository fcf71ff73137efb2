"""Generate the Word templates in docx_templates/ (docxtpl: Jinja tags in the text).

    .venv/bin/python -m chidao.officialdocs.make_templates [DIRECTORY]

An agency may replace any of them: put a file of the same name in the directory named by
the setting CHIDAO_DOCUMENT_TEMPLATES_DIR. A template keeps these tags (its layout, fonts
and wording around them are the agency's):

  {{ governing_body }} {{ issuer }} {{ number }} {{ place_date }}   the letterhead
  {{ summary }}            an official letter's "V/v …" (cong-van)
  {{ title }} {{ subject }}  the document type and its summary (bao-cao, to-trinh)
  {{ addressee }}          "Kính gửi" (to-trinh, cong-van)
  {{ body }}               alone in a paragraph: where the body goes
  recipients               a list of "- …;" lines
  signature.authority, signature.title, signature.name, signature.unrecorded_name,
  signature.unrecorded_note   the signature block (name empty: nobody in the register)
  {{ annex }}              alone in a paragraph: where an annex goes (optional)
"""

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from chidao.officialdocs import layout

DIRECTORY = Path(__file__).resolve().parent / "docx_templates"
# name: (has a title, has an addressee, has a summary under the number)
KINDS = {
    "bao-cao": (True, False, False),  # báo cáo: the committee reports
    "to-trinh": (True, True, False),  # tờ trình: a proposal to the head of the committee
    "cong-van": (False, True, True),  # công văn: an official letter (urging)
    "giay-moi": (True, False, False),  # giấy mời: the invitation to a committee meeting
    "thong-bao": (True, False, False),  # thông báo: a meeting's conclusions notice
}


def build(name: str):
    has_title, has_addressee, has_summary = KINDS[name]
    doc = Document()
    layout.set_up_page(doc)

    header = layout.borderless_table(
        doc, rows=3 if has_summary else 2, widths=(layout.LEFT_COLUMN, layout.RIGHT_COLUMN)
    )
    left, right = header.cell(0, 0), header.cell(0, 1)
    layout.line(left, "{%p if governing_body %}", size=Pt(13), first=True)
    layout.line(left, "{{ governing_body }}", size=Pt(13))
    layout.line(left, "{%p endif %}", size=Pt(13))
    layout.line(left, "{{ issuer }}", size=Pt(13), bold=True)
    layout.rule(left, Mm(22), layout.LEFT_COLUMN)
    layout.line(right, layout.NATIONAL_TITLE, size=Pt(13), bold=True, first=True)
    layout.line(right, layout.MOTTO, size=Pt(14), bold=True)
    layout.rule(right, Mm(58), layout.RIGHT_COLUMN)
    layout.line(header.cell(1, 0), "{{ number }}", size=Pt(13), first=True)
    layout.line(header.cell(1, 1), "{{ place_date }}", size=Pt(14), italic=True, first=True)
    if has_summary:
        layout.line(header.cell(2, 0), "{{ summary }}", size=Pt(12), first=True)

    if has_title:
        title = layout.line(doc, "{{ title }}", size=Pt(14), bold=True)
        title.paragraph_format.space_before = Pt(12)
        title.paragraph_format.keep_with_next = True
        subject = layout.line(doc, "{{ subject }}", size=Pt(14), bold=True)
        subject.paragraph_format.space_after = Pt(12)
    if has_addressee:
        layout.line(doc, "{%p if addressee %}", size=Pt(14))
        greeting = layout.line(doc, "Kính gửi: {{ addressee }}", size=Pt(14))
        greeting.paragraph_format.space_before = Pt(12)
        greeting.paragraph_format.space_after = Pt(12)
        layout.line(doc, "{%p endif %}", size=Pt(14))

    doc.add_paragraph("{{ body }}")

    signature = layout.borderless_table(
        doc, rows=1, widths=(layout.RECIPIENTS_COLUMN, layout.SIGNATURE_COLUMN)
    )
    layout.keep_rows_whole(signature)
    left, right = signature.cell(0, 0), signature.cell(0, 1)
    at_left = WD_ALIGN_PARAGRAPH.LEFT
    layout.line(left, "Nơi nhận:", size=Pt(12), bold=True, italic=True, first=True, align=at_left)
    layout.line(left, "{%p for line in recipients %}", size=Pt(11), align=at_left)
    layout.line(left, "{{ line }}", size=Pt(11), align=at_left)
    layout.line(left, "{%p endfor %}", size=Pt(11), align=at_left)
    layout.line(right, "{%p if signature.authority %}", size=Pt(14), first=True)
    layout.line(right, "{{ signature.authority }}", size=Pt(14), bold=True)
    layout.line(right, "{%p endif %}", size=Pt(14))
    layout.line(right, "{{ signature.title }}", size=Pt(14), bold=True)
    for _ in range(4):  # room to sign and seal
        layout.line(right, "", size=Pt(14))
    layout.line(right, "{%p if signature.name %}", size=Pt(14))
    layout.line(right, "{{ signature.name }}", size=Pt(14), bold=True)
    layout.line(right, "{%p else %}", size=Pt(14))
    layout.line(right, "{{ signature.unrecorded_name }}", size=Pt(14))
    layout.line(right, "{{ signature.unrecorded_note }}", size=Pt(11), italic=True)
    layout.line(right, "{%p endif %}", size=Pt(14))

    doc.add_paragraph("{{ annex }}")
    return doc


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    directory = Path(argv[0]) if argv else DIRECTORY
    directory.mkdir(parents=True, exist_ok=True)
    for name in KINDS:
        build(name).save(directory / f"{name}.docx")
        print(directory / f"{name}.docx")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
