from django.core.management.base import BaseCommand, CommandError

from chidao.committees.seeds import load_seed_committees
from chidao.units.admin_units import load_units
from chidao.units.hanoi_agencies import load_hanoi_agencies


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn: đơn vị hành chính Hà Nội, các sở, và hai Ban Chỉ đạo từ nguồn."

    def handle(self, *args, **options):
        try:
            steps = [
                (
                    "đơn vị hành chính Hà Nội",
                    lambda: load_units(provinces=["Hà Nội"], actor="chidao load-demo"),
                ),
                ("cơ quan, người giữ chức vụ", load_hanoi_agencies),
                ("Ban Chỉ đạo từ nguồn", load_seed_committees),
            ]
            for label, step in steps:
                counts = step()
                self.stdout.write(f"{label}: {counts}")
        except (ValueError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
