"""gunicorn's settings for Accord: gunicorn reads this file from the directory it starts in
(``gunicorn config.wsgi`` from the repository's root); command-line flags override it.

Accord is imported once, in the master process, before the workers are forked
(``preload_app``): the workers then share the pages holding Python's code and Accord's
registries instead of each importing its own copy. ``gc.freeze()`` moves everything imported
so far out of the garbage collector's sight, so a collection in a worker does not touch (and
so copy) those shared pages. Measured with ``benchmarks/http_bench.py`` (2 workers, 10,000
mixed requests): see benchmarks/README.md. A release restarts gunicorn (a HUP would not
re-import the code).
"""

import gc
import os

# ACCORD_GUNICORN_PRELOAD=0 turns it off (benchmarks/http_bench.py --no-preload compares).
preload_app = os.environ.get("ACCORD_GUNICORN_PRELOAD", "1") != "0"


def pre_fork(server, worker) -> None:  # noqa: ANN001 - gunicorn's hook signature
    # The pages' modules (views, forms, templates tags) are shared too; not the API, which a
    # worker imports on its first API request (config/urls.py).
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every app's URLconf and views
    # A database connection opened while importing must not be shared by the workers.
    connections.close_all()
    gc.freeze()
