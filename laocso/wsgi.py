import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laocso.settings")
application = get_wsgi_application()

from projects.tally import warm_up  # noqa: E402 (once the apps are loaded)

warm_up()  # the counts beside the projects list, built before the first visitor asks
