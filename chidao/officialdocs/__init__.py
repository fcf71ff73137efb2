"""Official documents in the Decree 30/2020/NĐ-CP format, in one place.

    doc = word.OfficialDocument.open(
        "bao-cao", letterhead=register.committee_letterhead(committee, on=day, kind="BC"),
        title="BÁO CÁO", subject="…", signature=register.committee_signature(committee, on=day),
        recipients=["Trưởng Ban Chỉ đạo (để báo cáo)", "Lưu: VT"])
    doc.paragraph("…")
    doc.table(["STT", "Đơn vị"], rows, widths)
    doc.picture(charts.status_columns(totals), Mm(140), caption="Biểu đồ 1. …")
    content = doc.to_bytes()
    pdf_bytes = pdf.docx_to_pdf(content)

- `register`: the letterhead (issuing body, committee, abbreviation, place, number and date
  lines) and the signature block (capacity and name from the register on the date, or a
  marked blank) — never an invented name;
- `word`: the Word templates (docxtpl, `docx_templates/`, replaceable through the setting
  CHIDAO_DOCUMENT_TEMPLATES_DIR), the body builder and the one table builder;
- `charts`: charts drawn with matplotlib, labelled in Vietnamese;
- `pdf`: the conversion to PDF (LibreOffice headless) and reading a PDF back;
- `text`: dates, numbers, and the official text without synthetic markers.
"""
