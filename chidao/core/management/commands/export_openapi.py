"""`chidao export-openapi`: write the API's OpenAPI document to docs/openapi.json.

The document is committed so that clients can read the contract without running the
server; a test fails when it no longer matches the code (run this command to refresh it).
`--check` only compares, and fails when the committed file is stale.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from ninja.responses import NinjaJSONEncoder

OPENAPI_PATH = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def render_openapi() -> str:
    """The OpenAPI document as committed: stable key order, readable Vietnamese."""
    from chidao.api import api

    schema = api.get_openapi_schema()
    return json.dumps(schema, cls=NinjaJSONEncoder, ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = "Ghi tài liệu OpenAPI của API vào docs/openapi.json (hoặc --output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(OPENAPI_PATH), help="Tệp đích.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Chỉ so sánh; báo lỗi khi tệp đã lưu khác tài liệu sinh từ mã.",
        )

    def handle(self, *args, **options):
        path = Path(options["output"])
        text = render_openapi()
        if options["check"]:
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current != text:
                raise CommandError(
                    f"{path} đã cũ so với mã; chạy `chidao export-openapi` để cập nhật."
                )
            self.stdout.write(f"{path}: khớp với mã.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Đã ghi {path}.")
