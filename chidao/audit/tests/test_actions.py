"""Every action the code writes into the change log fits its column (20 characters): SQLite
stores a longer one silently, PostgreSQL refuses it and the user's action fails."""

import re
from pathlib import Path

from chidao.audit.models import ChangeLog

CHIDAO = Path(__file__).resolve().parents[2]
LITERAL = re.compile(r'action\s*=\s*"([^"]+)"')


def test_every_action_written_fits_the_change_log():
    limit = ChangeLog._meta.get_field("action").max_length
    too_long = [
        f"{path.relative_to(CHIDAO.parent)}: {action}"
        for path in CHIDAO.rglob("*.py")
        if "migrations" not in path.parts
        for action in LITERAL.findall(path.read_text(encoding="utf-8"))
        if len(action) > limit
    ]
    assert not too_long, f"actions longer than {limit} characters: {too_long}"
