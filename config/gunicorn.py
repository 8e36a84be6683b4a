"""Gunicorn's settings: `gunicorn -c config/gunicorn.py config.wsgi` (make serve, the web unit).

Every value from the environment: GUNICORN_BIND (127.0.0.1:8000), WEB_CONCURRENCY (worker
processes, 2 × cores + 1), GUNICORN_THREADS (threads per process, 4), GUNICORN_TIMEOUT
(seconds a request may take, 120: the longest is a document generated while one waits).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 120)
graceful_timeout = 30
keepalive = 5
# The application is loaded once, before the workers are forked: a wrong setting stops the
# start at once with its one line, and the workers share the loaded code's memory.
preload_app = True
# A worker is replaced after this many requests, so that memory cannot creep up for weeks.
max_requests = 2000
max_requests_jitter = 200
# Requests are logged by Django (one JSON line each, with the request id); gunicorn's own
# messages go to standard error as JSON lines too.
accesslog = None
# No runtime control socket: nothing needs it, and two instances on one machine would share it.
control_socket_disable = True
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
if os.environ.get("LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "yntymaq.ops.logs.JsonFormatter"}},
        "handlers": {
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": "INFO", "handlers": ["error_console"]},
        "loggers": {
            "gunicorn.error": {
                "level": loglevel.upper(),
                "handlers": ["error_console"],
                "propagate": False,
            }
        },
    }
