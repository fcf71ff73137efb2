"""The consolidated report as files: Word in the Decree 30/2020 format (`word`), an Excel
annex of the statistics (`excel`), and PDF converted from the Word file
(chidao.officialdocs.pdf).

    report = consolidation.consolidate(period)
    docx = consolidated_docx(report)
    xlsx = consolidated_xlsx(report)
    pdf = consolidated_pdf(docx)          # needs LibreOffice (soffice); see scripts/
"""

from chidao.officialdocs.pdf import PDF_TYPE, ConversionError
from chidao.officialdocs.pdf import docx_to_pdf as consolidated_pdf
from chidao.officialdocs.word import DOCX_TYPE
from chidao.reports.documents.excel import XLSX_TYPE, consolidated_xlsx
from chidao.reports.documents.word import consolidated_docx

CONTENT_TYPES = {"docx": DOCX_TYPE, "xlsx": XLSX_TYPE, "pdf": PDF_TYPE}

__all__ = [
    "CONTENT_TYPES",
    "ConversionError",
    "consolidated_docx",
    "consolidated_pdf",
    "consolidated_xlsx",
]
