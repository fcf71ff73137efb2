from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from chidao.accounts.services import ensure_demo_users
from chidao.committees.seeds import load_seed_committees
from chidao.units.admin_units import load_units
from chidao.units.hanoi_agencies import load_hanoi_agencies

DEMO_ACCOUNTS_FILE = Path(settings.VAR_DIR) / "demo-accounts.txt"


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
                lambda: load_units(provinces=["Hà Nội"], actor="chidao load-demo"),
            ),
            ("Cơ quan chuyên môn, người giữ chức vụ", load_hanoi_agencies),
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
        created = ensure_demo_users()
        if created:
            lines = [f"{a.username}\t{a.role}\t{a.password}\t{a.unit}" for a in created]
            DEMO_ACCOUNTS_FILE.parent.mkdir(parents=True, exist_ok=True)
            with DEMO_ACCOUNTS_FILE.open("a", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n")
            DEMO_ACCOUNTS_FILE.chmod(0o600)
        if DEMO_ACCOUNTS_FILE.exists():
            self.stdout.write("Tài khoản trình diễn (tên, vai trò, mật khẩu, đơn vị):")
            self.stdout.write(DEMO_ACCOUNTS_FILE.read_text(encoding="utf-8").rstrip())
