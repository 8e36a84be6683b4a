#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    from config.settings.env import SettingError

    try:
        execute_from_command_line(sys.argv)
    except SettingError as error:  # a missing or wrong setting: one line that names it
        sys.exit(f"yntymaq: {error}")
