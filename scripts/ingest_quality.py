#!/usr/bin/env python
"""Per-field precision and recall of `chidao ingest` over tests/ingest_set/.

Same as `chidao ingest-quality`; run from the repository root with the virtualenv's Python:
    .venv/bin/python scripts/ingest_quality.py [--mistakes] [--min 0.95]
Matching uses the register in the configured database (load it with `chidao load-demo`).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings")

if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line(["chidao", "ingest_quality", *sys.argv[1:]])
