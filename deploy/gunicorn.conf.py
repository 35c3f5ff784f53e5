"""gunicorn settings: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``.

Every value can be overridden with an environment variable of the same name
in upper case prefixed by GUNICORN_ (e.g. GUNICORN_WORKERS=4).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Views are short and I/O bound (database, Redis): threads per process serve
# many htmx pollers without a process each.
workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count() + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))  # long uploads on slow links
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
