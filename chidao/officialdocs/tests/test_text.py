import datetime as dt

from chidao.officialdocs.text import number, official_text, rate, vn_long_date


def test_synthetic_markers_and_the_software_name_leave_official_text():
    assert official_text("[Mô phỏng] Sở Nội vụ") == "Sở Nội vụ"
    assert official_text("Lưu trên hệ thống chidao.") == "Lưu trên hệ thống."
    assert official_text("Báo cáo [ mô phỏng ]quý I") == "Báo cáo quý I"
    assert official_text("Tỉnh Mô phỏng 01") == "Tỉnh Mô phỏng 01"  # a name, not the label
    assert official_text("Dòng\x0b một\nDòng hai") == "Dòng một\nDòng hai"


def test_vietnamese_long_dates():
    assert vn_long_date("Hà Nội", dt.date(2026, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2026"
    assert vn_long_date("Hà Nội", dt.date(2026, 2, 28)) == "Hà Nội, ngày 28 tháng 02 năm 2026"
    assert vn_long_date("Huế", dt.date(2026, 3, 9)) == "Huế, ngày 09 tháng 3 năm 2026"
    assert vn_long_date("Hà Nội", dt.date(2025, 12, 25)) == "Hà Nội, ngày 25 tháng 12 năm 2025"


def test_vietnamese_numbers():
    assert number(1234) == "1.234"
    assert number(15.5) == "15,5"
    assert rate(33.333) == "33,3"
    assert rate(None) == ""
