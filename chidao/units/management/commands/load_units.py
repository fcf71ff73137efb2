"""`chidao load-units --province NAME | --all`: administrative units from vietnamadminunits."""

from django.core.management.base import BaseCommand, CommandError

from chidao.units.admin_units import load_units


class Command(BaseCommand):
    help = (
        "Nạp đơn vị hành chính (tỉnh, huyện, xã trước và sau 01/07/2025) và quan hệ kế thừa "
        "từ gói vietnamadminunits."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            metavar="TÊN",
            help="Tên tỉnh, thành phố, ví dụ 'Hà Nội' (có thể lặp lại).",
        )
        parser.add_argument(
            "--all", action="store_true", dest="all_provinces", help="Nạp tất cả tỉnh, thành phố."
        )

    def handle(self, *args, provinces=None, all_provinces=False, **options):
        if provinces and all_provinces:
            raise CommandError("Chỉ dùng một trong hai: --province TÊN hoặc --all.")
        if not provinces and not all_provinces:
            raise CommandError(
                "Cần chọn tỉnh, thành phố: --province TÊN (có thể lặp lại) hoặc --all."
            )
        try:
            counts = load_units(provinces=None if all_provinces else provinces)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đơn vị: tạo mới {counts['created']}, cập nhật {counts['updated']}, "
                f"không đổi {counts['unchanged']}. Sự kiện: ghi {counts['events']}, "
                f"không đổi {counts['events_unchanged']}."
            )
        )
