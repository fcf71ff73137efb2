"""The `chidao` command: Django's management commands, with dashed names (`load-units`)."""

import os
import secrets
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def _ensure_checkout_secret_key() -> None:
    """In a source checkout (a Makefile beside the package), create var/secret_key the way
    `make setup` does, so a newcomer's first `chidao …` works. Installed elsewhere nothing is
    created and the settings still refuse to start without a key."""
    if os.environ.get("CHIDAO_SECRET_KEY") or not (CHECKOUT / "Makefile").exists():
        return
    var_dir = Path(os.environ.get("CHIDAO_VAR_DIR") or CHECKOUT / "var")
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return
    var_dir.mkdir(parents=True, exist_ok=True)
    key_file.write_text(secrets.token_urlsafe(50) + "\n")
    key_file.chmod(0o600)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings")
    _ensure_checkout_secret_key()
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "chidao"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
