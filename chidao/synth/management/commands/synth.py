"""`chidao synth`: a clearly labelled SYNTHETIC workload in the configured database.

    chidao synth                       # 34 provinces, 5,000 units, 1M tasks, 5M events
    chidao synth --provinces 2 --units 20 --tasks 500 --events 2500
    chidao synth --clear ...           # replace the previous synthetic workload
    chidao synth --clear-only          # remove it and stop

Everything written is marked: external ids `synthetic:...`, names "[Mô phỏng] ...", tasks
and plans `synthetic=True`, source `synthetic:workload`. See chidao/synth/__init__.py.
"""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from chidao.synth.build import build
from chidao.synth.clearing import clear
from chidao.synth.params import Params, SynthError


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {value} (YYYY-MM-DD).") from exc


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu MÔ PHỎNG quy mô toàn quốc (tỉnh, đơn vị, Ban Chỉ đạo, nhiệm vụ, báo cáo "
        "tiến độ, sự kiện) vào cơ sở dữ liệu đang cấu hình, để đo hiệu năng."
    )

    def add_arguments(self, parser):
        defaults = Params()
        parser.add_argument("--provinces", type=int, default=defaults.provinces)
        parser.add_argument(
            "--units", type=int, default=defaults.units, help="Tổng số đơn vị, kể cả tỉnh."
        )
        parser.add_argument("--tasks", type=int, default=defaults.tasks)
        parser.add_argument(
            "--events",
            type=int,
            default=defaults.events,
            help="Tổng số sự kiện nhiệm vụ (TaskEvent) muốn có.",
        )
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument(
            "--committee-name",
            default=None,
            help="Một Ban Chỉ đạo toàn quốc với tên này thay cho một Ban mỗi tỉnh.",
        )
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="Ngày tham chiếu (mặc định hôm nay): không có lịch sử sau ngày này.",
        )
        parser.add_argument(
            "--chunk-size", type=int, default=defaults.chunk, help="Số nhiệm vụ mỗi lô ghi."
        )
        parser.add_argument(
            "--clear", action="store_true", help="Xóa dữ liệu mô phỏng cũ trước khi tạo."
        )
        parser.add_argument(
            "--clear-only", action="store_true", help="Chỉ xóa dữ liệu mô phỏng cũ."
        )

    def handle(self, *args, **options):
        verbose = options["verbosity"] >= 1

        def log(message: str) -> None:
            if verbose:
                self.stdout.write(message)
                self.stdout.flush()

        if options["clear"] or options["clear_only"]:
            counts = clear(log=log)
            if options["clear_only"]:
                return
            del counts
        params = Params(
            provinces=options["provinces"],
            units=options["units"],
            tasks=options["tasks"],
            events=options["events"],
            seed=options["seed"],
            committee_name=options["committee_name"],
            today=options["today"],
            chunk=options["chunk_size"],
        )
        try:
            result = build(params, log=log)
        except SynthError as exc:
            raise CommandError(str(exc)) from exc
        for warning in result.warnings:
            self.stderr.write(warning)
        log("Dữ liệu mô phỏng: " + json.dumps(result.counts, ensure_ascii=False))
        log(
            "Thời gian (s): "
            + ", ".join(f"{name} {seconds:.1f}" for name, seconds in result.timings.items())
        )
