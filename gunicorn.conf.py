"""Gunicorn settings, all overridable by environment variables (see docs/production.md).

gunicorn --config gunicorn.conf.py portal.wsgi:application
"""

import multiprocessing
import os


def _int(name, default):
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: (2 x CPU) + 1 by default, capped so a big machine does not exhaust PostgreSQL.
workers = _int("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 12))
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
# A request taking longer is killed (the proxy shows its own 502/504): no hung workers.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then (memory growth), with jitter so they do not restart together.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# Heartbeat files in memory, not on a possibly slow container filesystem (gunicorn creates
# and unlinks them itself, nothing is read back from there).
SHARED_MEMORY = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
# Addresses of the reverse proxies whose X-Forwarded-* headers gunicorn may trust.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs on stdout/stderr for the container runtime; every access line carries the request id
# set by portal.middleware.RequestIDMiddleware (the X-Request-ID response header).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s" request_id=%({x-request-id}o)s'
)
if os.environ.get("LOG_FORMAT", "json") == "json":
    logger_class = "portal.gunicorn.JsonAccessLogger"
