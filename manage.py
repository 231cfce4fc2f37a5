#!/usr/bin/env python
"""Django's command-line utility for Accord."""

import os
import sys


def main() -> None:
    if sys.version_info < (3, 12):  # noqa: UP036 - a clear message on an old Python
        sys.exit("Accord needs Python 3.12 or newer.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
