"""`chidao users [--json] [--all]`: the accounts, with their unit and role.

With --json: `[{"username", "unit": {"id", "name"} | null, "role"}]`, `role` one of admin,
standing, leader, focal, viewer (a superuser counts as admin). Only active accounts unless
--all.
"""

import json

from django.core.management.base import BaseCommand

from chidao.accounts.models import Role, User


def role_of(user: User) -> str:
    return Role.ADMIN.value if user.is_superuser else str(user.role)


def users_payload(include_inactive: bool = False) -> list[dict]:
    users = User.objects.select_related("unit").order_by("username")
    if not include_inactive:
        users = users.filter(is_active=True)
    return [
        {
            "username": user.get_username(),
            "unit": {"id": user.unit_id, "name": user.unit.name} if user.unit_id else None,
            "role": role_of(user),
        }
        for user in users
    ]


class Command(BaseCommand):
    help = "Liệt kê tài khoản: tên đăng nhập, đơn vị, vai trò (bảng, hoặc JSON với --json)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="In JSON.")
        parser.add_argument("--all", action="store_true", help="Kể cả tài khoản đã khóa.")

    def handle(self, *args, **options):
        payload = users_payload(include_inactive=options["all"])
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not payload:
            self.stdout.write("Chưa có tài khoản nào.")
            return
        labels = dict(Role.choices)
        rows = [
            (
                u["username"],
                str(labels.get(u["role"], u["role"])),
                u["unit"]["name"] if u["unit"] else "—",
            )
            for u in payload
        ]
        headers = ("Tài khoản", "Vai trò", "Đơn vị")
        widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(2)]
        for row in [headers, *rows]:
            self.stdout.write(f"{row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2]}")
