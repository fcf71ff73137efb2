"""Small gazetteers for reading Vietnamese decisions: titles, roles, unit words, places,
surnames and the abbreviations officials write. Deterministic and offline; the register adds
its own unit names at matching time (chidao.ingest.matching)."""

import re

from chidao.core.text import fold

# Abbreviation -> expansion, as written in decisions and the press. Order matters: the
# longer and more specific forms come first.
ABBREVIATIONS: list[tuple[str, str]] = [
    (r"LĐ\s*-?\s*TB\s*&\s*XH", "Lao động - Thương binh và Xã hội"),
    (r"LĐTBXH", "Lao động - Thương binh và Xã hội"),
    (r"TT\s*&\s*TT", "Thông tin và Truyền thông"),
    (r"TTTT", "Thông tin và Truyền thông"),
    (r"KH\s*&\s*CN", "Khoa học và Công nghệ"),
    (r"KHCN", "Khoa học và Công nghệ"),
    (r"KH\s*&\s*ĐT", "Kế hoạch và Đầu tư"),
    (r"KHĐT", "Kế hoạch và Đầu tư"),
    (r"GD\s*&\s*ĐT", "Giáo dục và Đào tạo"),
    (r"GDĐT", "Giáo dục và Đào tạo"),
    (r"TN\s*&\s*MT", "Tài nguyên và Môi trường"),
    (r"TNMT", "Tài nguyên và Môi trường"),
    (r"NN\s*&\s*PTNT", "Nông nghiệp và Phát triển nông thôn"),
    (r"NNPTNT", "Nông nghiệp và Phát triển nông thôn"),
    (r"NN\s*&\s*MT", "Nông nghiệp và Môi trường"),
    (r"VH\s*,\s*TT\s*&\s*DL", "Văn hóa, Thể thao và Du lịch"),
    (r"VHTT\s*&\s*DL", "Văn hóa, Thể thao và Du lịch"),
    (r"VH\s*&\s*TT", "Văn hóa và Thể thao"),
    (r"GTVT", "Giao thông vận tải"),
    (r"QH\s*-\s*KT", "Quy hoạch - Kiến trúc"),
    (r"UBND", "Ủy ban nhân dân"),
    (r"HĐND", "Hội đồng nhân dân"),
    (r"MTTQ", "Mặt trận Tổ quốc"),
    (r"BHXH", "Bảo hiểm xã hội"),
    (r"BQL", "Ban Quản lý"),
    (r"BCĐ", "Ban Chỉ đạo"),
    (r"BCH", "Bộ Chỉ huy"),
    (r"QS", "Quân sự"),
    (r"CA", "Công an"),
    (r"TPHCM", "thành phố Hồ Chí Minh"),
    (r"HCM", "Hồ Chí Minh"),
]
ABBREVIATION_RES = [
    (re.compile(rf"(?<![\w&]){pattern}(?![\w&])"), expansion)
    for pattern, expansion in ABBREVIATIONS
]
# "TP.Hà Nội", "TP. Hà Nội", "TP Hà Nội", "UBND TP" -> "thành phố ..."
CITY_ABBREVIATION = re.compile(r"(?<!\w)(?:TP|Tp)(?:\.\s*|\s+|(?=\W)|$)")

# Portfolio abbreviations are kept as written (the register says "phụ trách CNTT").
PORTFOLIO_WORDS = {"CNTT", "CCHC", "CĐS"}

# Titles (chức danh), longest first; `unit_word` is the part the unit's name repeats
# ("Chánh Văn phòng" heads "Văn phòng ...").
TITLES: list[tuple[str, str, str]] = [
    # (title, rank, unit word the title carries)
    ("Bộ trưởng, Chủ nhiệm", "head", ""),
    ("Phó Thủ tướng Thường trực", "standing_deputy", ""),
    ("Phó Thủ tướng", "deputy", ""),
    ("Thủ tướng", "head", ""),
    ("Quyền Bộ trưởng", "head", ""),
    ("Bộ trưởng", "head", ""),
    ("Thứ trưởng Thường trực", "standing_deputy", ""),
    ("Thứ trưởng", "deputy", ""),
    ("Phó Thống đốc", "deputy", ""),
    ("Thống đốc", "head", ""),
    ("Phó Chánh án", "deputy", ""),
    ("Chánh án", "head", ""),
    ("Tổng Kiểm toán", "head", ""),
    ("Chủ tịch Hội đồng quản trị", "head", ""),
    ("Chủ tịch Hội đồng thành viên", "head", ""),
    ("Phó Tổng cục trưởng", "deputy", ""),
    ("Tổng cục trưởng", "head", ""),
    ("Phó Vụ trưởng", "deputy", ""),
    ("Vụ trưởng", "head", ""),
    ("Phó Tổng Thư ký", "deputy", ""),
    ("Tổng Thư ký", "head", ""),
    ("Phó Chủ tịch Thường trực", "standing_deputy", ""),
    ("Phó Chủ tịch", "deputy", ""),
    ("Chủ tịch", "head", ""),
    ("Phó Chánh Văn phòng", "deputy", "Văn phòng"),
    ("Chánh Văn phòng", "head", "Văn phòng"),
    ("Phó Tổng Thanh tra", "deputy", ""),
    ("Tổng Thanh tra", "head", ""),
    ("Phó Trưởng Công an", "deputy", "Công an"),
    ("Trưởng Công an", "head", "Công an"),
    ("Phó Chánh Thanh tra", "deputy", "Thanh tra"),
    ("Chánh Thanh tra", "head", "Thanh tra"),
    ("Phó Tổng Giám đốc", "deputy", ""),
    ("Tổng Giám đốc", "head", ""),
    ("Phó Giám đốc", "deputy", ""),
    ("Giám đốc", "head", ""),
    ("Phó Cục trưởng", "deputy", ""),
    ("Cục trưởng", "head", ""),
    ("Phó Chi cục trưởng", "deputy", ""),
    ("Chi cục trưởng", "head", ""),
    ("Phó Tư lệnh", "deputy", ""),
    ("Tư lệnh", "head", ""),
    ("Phó Chỉ huy trưởng", "deputy", ""),
    ("Chỉ huy trưởng", "head", ""),
    ("Phó Trưởng ban", "deputy", "ban"),
    ("Trưởng ban", "head", "ban"),
    ("Phó Trưởng phòng", "deputy", "phòng"),
    ("Trưởng phòng", "head", "phòng"),
    ("Phó Viện trưởng", "deputy", ""),
    ("Viện trưởng", "head", ""),
    ("Phó Hiệu trưởng", "deputy", ""),
    ("Hiệu trưởng", "head", ""),
    ("Phó Chủ nhiệm", "deputy", ""),
    ("Chủ nhiệm", "head", ""),
    ("Phó Tổng Biên tập", "deputy", ""),
    ("Tổng Biên tập", "head", ""),
    ("Tổng Bí thư", "head", ""),
    ("Thường trực Ban Bí thư", "head", ""),
    ("Phó Bí thư Thường trực", "standing_deputy", ""),
    ("Phó Bí thư", "deputy", ""),
    ("Bí thư", "head", ""),
    ("Thủ trưởng", "head", ""),
    ("Đại diện lãnh đạo", "leadership_representative", ""),
    ("Lãnh đạo cấp phòng", "division_leader", ""),
    ("Lãnh đạo", "leader_in_charge", ""),
]
# Party posts: when a holder has an executive post as well, the draft takes the executive one.
PARTY_TITLES = {fold(t) for t in ("Phó Bí thư Thường trực", "Phó Bí thư", "Bí thư", "Tổng Bí thư")}
TITLE_RANK = {fold(t): rank for t, rank, _ in TITLES}
TITLE_UNIT_WORD = {fold(t): word for t, _, word in TITLES}
# Keyed with the accents: "Thứ trưởng" (deputy minister) and "Thủ trưởng" (head of an agency)
# fold alike.
CANONICAL_TITLE = {" ".join(t.lower().split()): t for t, _, _ in TITLES}


def canonical_title(text: str) -> str:
    """The title as the draft writes it ("phó thủ tướng" -> "Phó Thủ tướng")."""
    key = " ".join(text.lower().split())
    return CANONICAL_TITLE.get(key) or (text[:1].upper() + text[1:])


# Words a unit's name starts with.
UNIT_HEADS = [
    "Ủy ban nhân dân",
    "Chính phủ",
    "Quốc hội",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Quận ủy",
    "Thị ủy",
    "Đảng ủy",
    "Tòa án",
    "Viện kiểm sát",
    "Kiểm toán",
    "Tổng cục",
    "Học viện",
    "Đại học",
    "Thông tấn xã",
    "Trung ương Đoàn",
    "Liên minh",
    "Vụ",
    "Bộ",
    "UBND",
    "Văn phòng",
    "Sở",
    "Công an",
    "Bộ Tư lệnh",
    "Bộ Chỉ huy",
    "BCH",
    "Ban Quản lý",
    "BQL",
    "Ban",
    "Cục",
    "Chi cục",
    "Bảo hiểm xã hội",
    "BHXH",
    "Thanh tra",
    "Kho bạc",
    "Ngân hàng",
    "Đài",
    "Báo",
    "Trung tâm",
    "Liên đoàn",
    "Hội",
    "Thành đoàn",
    "Tỉnh đoàn",
    "Viện",
    "Trường",
    "Bưu điện",
    "Tập đoàn",
    "Tổng công ty",
    "Công ty",
    "Phòng",
    "Hội đồng nhân dân",
    "HĐND",
    "Mặt trận",
    "Ủy ban Mặt trận",
]

# Departments (Sở) by the name after "Sở", across provinces; used to split lists such as
# "Giám đốc các Sở: Tài chính, Kế hoạch và Đầu tư, Y tế".
DEPARTMENT_TAILS = [
    "Nội vụ",
    "Tư pháp",
    "Kế hoạch và Đầu tư",
    "Tài chính",
    "Công Thương",
    "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường",
    "Giao thông vận tải",
    "Xây dựng",
    "Tài nguyên và Môi trường",
    "Thông tin và Truyền thông",
    "Lao động - Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hóa và Thể thao",
    "Văn hóa - Thể thao",
    "Du lịch",
    "Khoa học và Công nghệ",
    "Giáo dục và Đào tạo",
    "Y tế",
    "Ngoại vụ",
    "Quy hoạch - Kiến trúc",
    "Dân tộc và Tôn giáo",
]

# Words that carry on a unit's name after " và " ("Sở Khoa học và Công nghệ"): the list is not
# split there.
AND_CONTINUATIONS = sorted(
    {t.split(" và ", 1)[1] for t in DEPARTMENT_TAILS if " và " in t}
    | {
        "Đào tạo",
        "Dân vận Trung ương",
        "Phát triển nông thôn",
        "Tôn giáo",
        "Môi trường",
        "Truyền thông",
        "Công nghệ",
        "Đầu tư",
        "Du lịch",
        "Xã hội",
    },
    key=len,
    reverse=True,
)

# Provinces and centrally-run cities (before and after 2025), "city" or "province".
CITIES = ["Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"]
PROVINCES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh",
    "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
    "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa",
    "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
]  # fmt: skip
# Hanoi's districts (before 1 July 2025) and a few words that look like names but are places.
OTHER_PLACES = [
    "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Long Biên", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng",
    "Hoàng Mai", "Thanh Xuân", "Nam Từ Liêm", "Bắc Từ Liêm", "Hà Đông", "Sơn Tây", "Ba Vì",
    "Phúc Thọ", "Đan Phượng", "Hoài Đức", "Quốc Oai", "Thạch Thất", "Chương Mỹ", "Thanh Oai",
    "Thường Tín", "Phú Xuyên", "Ứng Hòa", "Mỹ Đức", "Sóc Sơn", "Đông Anh", "Gia Lâm",
    "Mê Linh", "Thanh Trì", "Thủ Đức", "Thủ đô", "Việt Nam", "Hòa Lạc", "HCM",
]  # fmt: skip
# Short forms of places: the draft writes the full name.
PLACE_ALIASES = {"HCM": "Hồ Chí Minh"}
PLACES = CITIES + PROVINCES + OTHER_PLACES
PLACE_KEYS = {fold(p) for p in PLACES}

# Compared with the accents ("Trương" is a surname, "Trưởng" a title).
SURNAMES = {
    s.lower()
    for s in [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
        "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Hà", "Đào", "Đoàn", "Vương", "Trịnh",
        "Trương", "Lâm", "Phùng", "Mai", "Tô", "Tạ", "Cao", "Chu", "Đinh", "Lương", "La",
        "Thái", "Quách", "Lưu", "Kiều", "Tăng", "Khúc", "Nghiêm", "Triệu", "Hứa", "Nông",
        "Lò", "Giáp", "Đàm", "Doãn", "Khổng", "Lã", "Mạc", "Ninh", "Phí", "Tống", "Vi",
        "Ông", "Đồng", "Lục", "Quan", "Thân", "Tiêu", "Văn",
    ]
} - {"văn", "ông"}  # fmt: skip

# Unit words that are also given names ("Cao Xuân Trường"): they do not end a name.
NAME_LIKE_UNIT_HEADS = {"truong", "hoi", "bao", "dai", "vien", "ban", "cuc", "phong"}

HONORIFICS = (
    r"(?:[Đđ]ồng\s+chí|[Đđ]/[Cc]|[Ôô]ng|[Bb]à"
    # military and police ranks stand where an honorific does ("Đại tá Nguyễn Văn A")
    r"|(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá))"
)

# The issuing ministry by the code a decision's number carries ("913/QĐ-BNV").
MINISTRY_CODES = {
    "BNV": "Bộ Nội vụ",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BYT": "Bộ Y tế",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BTC": "Bộ Tài chính",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BCT": "Bộ Công Thương",
    "BXD": "Bộ Xây dựng",
    "BTP": "Bộ Tư pháp",
    "BNG": "Bộ Ngoại giao",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BGTVT": "Bộ Giao thông vận tải",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
}
# Ministries by name, for "Bộ trưởng Nội vụ" and "Bộ Nội vụ ban hành".
MINISTRIES = sorted(set(MINISTRY_CODES.values()) - {"Ngân hàng Nhà nước Việt Nam"}, key=len)
