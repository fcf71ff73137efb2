"""`chidao ingest-quality [DIR]`: precision, recall and F1 of the extraction, per field, and
micro F1. With no directory: the project's own set (tests/ingest_set/), then the real corpus
(tests/ingest_set/real/) split into its development and held-out texts (SPLIT.toml). A
directory with a SPLIT.toml is scored per split, any other as one set. Uses the register in the
database for matching (run `chidao load-demo` first). --mistakes lists every disagreement of
the own set and the development split, never of the held-out split (its texts must not be read
to write rules): only its per-field figures are printed."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chidao.ingest.quality import evaluate_sets, is_heldout, labelled_set


class Command(BaseCommand):
    help = "In precision/recall/F1 từng trường của bộ trích xuất trên các bộ văn bản có nhãn."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=None)
        parser.add_argument("--mistakes", action="store_true", help="Liệt kê các chỗ sai.")
        parser.add_argument(
            "--min",
            type=float,
            default=None,
            help="Thoát mã 1 nếu một trường của bộ đầu tiên dưới ngưỡng này.",
        )

    def handle(self, *args, **options):
        directory = Path(options["directory"]) if options["directory"] else None
        if directory is not None and not labelled_set(directory):
            raise CommandError(f"Không có cặp .txt/.json nào trong {directory}.")
        reports = evaluate_sets(directory)
        for i, (title, report) in enumerate(reports):
            if i:
                self.stdout.write("")
            self.stdout.write(report.table(title))
            if options["mistakes"] and not is_heldout(title):
                for line in report.mistakes:
                    self.stdout.write(f"  {line}")
        if options["min"] is not None:
            # the threshold applies to the first set (the project's own, by default)
            low = [r for r in reports[0][1].rows() if min(r[1], r[2]) < options["min"]]
            if low:
                raise CommandError(
                    "Dưới ngưỡng: " + ", ".join(f"{r[0]} ({min(r[1], r[2]):.3f})" for r in low)
                )
