"""The `loa` console script: Django's manage.py with Loa's settings preset."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loa.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A bad environment variable is a user mistake: one clear line, no traceback.
        sys.stderr.write(f"Lỗi cấu hình: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
