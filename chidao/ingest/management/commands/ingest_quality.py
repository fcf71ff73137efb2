"""`chidao ingest-quality [DIR]`: precision and recall of the extraction, per field, over the
labelled set (tests/ingest_set/ by default). Uses the register in the database for matching
(run `chidao load-demo` first). --mistakes lists every disagreement."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chidao.ingest.quality import SET_DIR, evaluate, labelled_set


class Command(BaseCommand):
    help = "In precision/recall từng trường của bộ trích xuất trên bộ văn bản có nhãn."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(SET_DIR))
        parser.add_argument("--mistakes", action="store_true", help="Liệt kê các chỗ sai.")
        parser.add_argument(
            "--min", type=float, default=None, help="Thoát mã 1 nếu một trường dưới ngưỡng này."
        )

    def handle(self, *args, **options):
        directory = Path(options["directory"])
        if not labelled_set(directory):
            raise CommandError(f"Không có cặp .txt/.json nào trong {directory}.")
        report = evaluate(directory)
        self.stdout.write(report.table())
        if options["mistakes"]:
            for line in report.mistakes:
                self.stdout.write(f"  {line}")
        if options["min"] is not None:
            low = [r for r in report.rows() if min(r[1], r[2]) < options["min"]]
            if low:
                raise CommandError(
                    "Dưới ngưỡng: " + ", ".join(f"{r[0]} ({min(r[1], r[2]):.3f})" for r in low)
                )
