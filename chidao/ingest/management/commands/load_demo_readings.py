from django.core.management.base import BaseCommand, CommandError

from chidao.ingest.readers import IngestError
from chidao.ingest.readings import READINGS_FILE, load_readings


class Command(BaseCommand):
    help = (
        "Ghi vào sổ các văn bản thật sau Quyết định 818/QĐ-UBND (Ban Chỉ đạo của Chính phủ và "
        "của Hà Nội về khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số, 2025) bằng chính "
        "bộ đọc văn bản; chạy lại không ghi thêm."
    )

    def handle(self, *args, **options):
        try:
            counts = load_readings()
        except (IngestError, FileNotFoundError, ValueError) as exc:
            raise CommandError(f"{READINGS_FILE.name}: {exc}") from exc
        self.stdout.write(f"Văn bản đọc vào sổ: {counts}")
