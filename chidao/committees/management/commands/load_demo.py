from django.core.management.base import BaseCommand, CommandError

from chidao.accounts.services import ensure_demo_users, remember_demo_accounts
from chidao.committees.seeds import load_seed_committees
from chidao.people.hanoi_office_holders import load_hanoi_office_holders
from chidao.units.admin_units import load_units
from chidao.units.hanoi_agencies import LOAD_DEMO, load_hanoi_agencies


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn: đơn vị hành chính Hà Nội, các sở, hai Ban Chỉ đạo từ nguồn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts", action="store_true", help="Không tạo tài khoản trình diễn."
        )

    def handle(self, *args, **options):
        steps = [
            (
                "Đơn vị hành chính Hà Nội",
                lambda: load_units(provinces=["Hà Nội"], actor=LOAD_DEMO),
            ),
            ("Cơ quan chuyên môn", load_hanoi_agencies),
            ("Người giữ chức vụ", load_hanoi_office_holders),
            ("Ban Chỉ đạo theo nguồn", load_seed_committees),
        ]
        try:
            for label, step in steps:
                counts = step()
                self.stdout.write(f"{label}: {counts}")
        except (ValueError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        if options["no_accounts"]:
            return
        for line in remember_demo_accounts(ensure_demo_users()):
            self.stdout.write(f"Tài khoản trình diễn mới: {line}")
