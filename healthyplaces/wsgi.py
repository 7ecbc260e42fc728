import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthyplaces.settings.production")
application = get_wsgi_application()

from healthyplaces.checks import refuse_to_start  # noqa: E402 (needs the settings loaded above)

refuse_to_start()
