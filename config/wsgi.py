"""The WSGI application (gunicorn -c config/gunicorn.py config.wsgi).

A missing or wrong setting, or static files not collected, stop the start with one line that
names it (exit status 4: gunicorn's "App failed to load")."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

try:
    import django

    django.setup(set_prefix=False)

    from django.core.wsgi import get_wsgi_application

    from yntymaq.ops.checks import require_collected_static

    require_collected_static()
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    sys.stderr.write(f"yntymaq: {error}\n")
    sys.stderr.flush()
    raise SystemExit(4) from None
