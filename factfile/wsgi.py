"""WSGI entry point, for gunicorn and other WSGI servers."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from factfile.configuration import ConfigurationError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factfile.settings")

try:
    application = get_wsgi_application()
except ConfigurationError as error:
    # A bad environment variable: one line saying which and how to fix it.
    sys.exit(f"Configuration error: {error}")
