import struct
import warnings

from chidao.officialdocs import charts


def _size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def test_vietnamese_labels_are_drawn_with_a_font_that_has_their_glyphs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of every glyph missing from the font
        png = charts.columns(
            [
                ("Đúng hạn", 3, "2E8B57"),
                ("Hoàn thành quá hạn", 1, "7D5BA6"),
                ("Chưa ổn", 0, "000000"),
            ],
            ylabel="Số nhiệm vụ",
        )
        bars = charts.stacked_bars(
            [("Sở Nông nghiệp và Môi trường", [2, 1]), ("Ủy ban nhân dân phường Hồng Hà", [0, 4])],
            [("Đúng hạn", "2E8B57"), ("Quá hạn", "C0392B")],
            xlabel="Số nhiệm vụ",
        )
    width, height = _size(png)
    assert width > 600 and height > 300
    assert _size(bars)[1] > 200
