"""The `chidao` command: Django's management commands, with dashed names (`load-units`)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "chidao"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
