import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
application = get_wsgi_application()

# What start-up loaded (Django, Wagtail, the project: ~155,000 container objects) lives as
# long as the worker. Frozen, it is left out of Python's full garbage collections, which
# otherwise walk all of it and pause a request for 75 to 90 ms now and then (bench/README.md).
gc.collect()
gc.freeze()

# The directory's facet index is built now, in the background, rather than during the
# worker's first directory or opportunity page.
from directory.search.facet_index import warm_up  # noqa: E402 - needs the apps loaded

warm_up()
