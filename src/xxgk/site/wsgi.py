"""The WSGI application that ``xxgk serve`` runs under gunicorn."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xxgk.site.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
