#!/usr/bin/env python
"""Django's command-line utility for the Readouts portal."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if sys.argv[1:2] != ["runserver"]:
        # Commands (migrate, ingest, generate) may run long by design: the web's limit on one
        # query's time is not theirs, unless set.
        os.environ.setdefault("DB_STATEMENT_TIMEOUT", "0")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
