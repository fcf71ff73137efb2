"""`chidao token create USERNAME [--name N] [--scope read|write] [--days N]`: a personal API
token, printed once (write scope and CHIDAO_TOKEN_DAYS by default).

The token is the LAST line of the output, so scripts can take it with `tail -n 1`.
`chidao token list USERNAME` shows a user's tokens (prefix only); `chidao token revoke PREFIX`
revokes the token whose shown prefix is PREFIX.
"""

from django.core.management.base import BaseCommand, CommandError

from chidao.accounts.models import ApiToken, User
from chidao.accounts.tokens import TokenError, token_create, token_revoke
from chidao.core import policy

ACTOR = policy.SystemActor("chidao token")


def find_user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(
            f"Không có tài khoản “{username}”. Xem danh sách tài khoản bằng `chidao users`."
        )
    return user


class Command(BaseCommand):
    help = "Tạo, liệt kê, thu hồi khóa API cá nhân (Authorization: Bearer <khóa>)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Tạo khóa API; khóa in ở dòng cuối cùng.")
        create.add_argument("username", help="Tên đăng nhập.")
        create.add_argument("--name", default="", help="Tên gợi nhớ của khóa.")
        create.add_argument(
            "--scope", choices=["read", "write"], default="write", help="Chỉ đọc hoặc đọc và ghi."
        )
        create.add_argument(
            "--days", type=int, default=None, help="Hết hạn sau số ngày này (0: không hết hạn)."
        )
        listing = sub.add_parser("list", help="Liệt kê khóa API của một tài khoản.")
        listing.add_argument("username", help="Tên đăng nhập.")
        revoke = sub.add_parser("revoke", help="Thu hồi khóa API theo tiền tố.")
        revoke.add_argument("prefix", help="Tiền tố khóa (chd_…), như `chidao token list` in.")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "create":
            user = find_user(options["username"])
            try:
                raw = token_create(
                    actor=ACTOR,
                    user=user,
                    name=options["name"],
                    scope=options["scope"],
                    days=options["days"],
                )
            except TokenError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                f"Đã tạo khóa API cho “{user.get_username()}”. Khóa chỉ hiện một lần, "
                "hãy lưu lại ngay:"
            )
            self.stdout.write(raw)
        elif action == "list":
            user = find_user(options["username"])
            tokens = list(user.api_tokens.all())
            if not tokens:
                self.stdout.write(f"“{user.get_username()}” chưa có khóa API nào.")
            for token in tokens:
                state = "đã thu hồi" if token.revoked_at else "đang dùng"
                used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "chưa dùng"
                self.stdout.write(
                    f"{token.prefix}…  {token.name or '—'}  tạo {token.created_at:%Y-%m-%d}  "
                    f"dùng lần cuối: {used}  ({state})"
                )
        elif action == "revoke":
            prefix = options["prefix"].rstrip("…").rstrip(".")
            matches = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
            if not matches:
                raise CommandError(f"Không có khóa API đang dùng nào có tiền tố “{prefix}”.")
            if len(matches) > 1:
                raise CommandError(
                    f"Tiền tố “{prefix}” khớp {len(matches)} khóa; hãy thu hồi trên trang quản trị."
                )
            token_revoke(actor=ACTOR, token=matches[0])
            self.stdout.write(f"Đã thu hồi khóa {prefix}… của “{matches[0].user}”.")
