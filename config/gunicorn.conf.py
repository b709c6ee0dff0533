"""gunicorn's configuration for production: `gunicorn -c config/gunicorn.conf.py config.wsgi:application`
(scripts/serve.sh does exactly that; docs/operations.md explains the numbers).

Every setting can be overridden by an environment variable, read once when gunicorn starts:

    GUNICORN_BIND         address to listen on                          127.0.0.1:8000 (nginx in front)
    WEB_CONCURRENCY       worker processes                              cores + 1 (3 on two cores)
    GUNICORN_THREADS      threads per worker process                    4
    GUNICORN_TIMEOUT      seconds a request may take before its         120 (a 3,000-row import checked within
                          worker is killed and restarted                     the request, a long PDF)
    GUNICORN_GRACEFUL_TIMEOUT  seconds a worker has to finish its       30
                          requests on a restart (HUP) or stop (TERM)
    GUNICORN_MAX_REQUESTS requests after which a worker is replaced     20000 (± 10 %: they do not all restart
                          (bounds memory growth); 0 = never                  at once; a restart costs a second of
                                                                             CPU and cold caches: on election
                                                                             day's peak, about one every 15 min)
    GUNICORN_KEEPALIVE    seconds an idle kept-alive connection stays    75 (more than nginx's 60: nginx closes
                          open                                               first, never in the middle of a request)
    GUNICORN_ACCESS_LOG   True/False: one JSON line per request         True

Why cores + 1 processes of 4 threads: an election-day request spends most of its time in Python (building
queries, pages, answers) and about a fifth waiting for PostgreSQL. Python runs one thread at a time per
process, so a process per core keeps the cores busy, one more covers the moments when a process's threads all
wait, and the threads overlap those waits. More processes only take turns on the same cores: in the load test
(bench/load.py) five processes on two cores spent about a third more CPU per request than two or three
(switching between them, cold caches) and issued fewer ballots. The CPU-heavy work (a few thousand ballots, a
big import) goes to the background worker (`manage.py db_worker`), not to these processes; a PDF of a few
pages (the voter list of one group, a tally sheet) is still drawn within the request, and holds one process's
turn meanwhile.

Graceful restarts: `systemctl reload rcem-web` (SIGHUP) starts new workers with the new code and lets the old
ones finish their requests; nothing is preloaded in the master, so a reload picks up an upgrade.

Logs: gunicorn's own messages and one line per request, as JSON lines in the app's format
(config/log_format.py), on standard output, where systemd's journal keeps them; the app's own log lines go
to standard error as before.
"""
import multiprocessing
import os


def _int(name, default):
    return int(os.environ.get(name, default))


def _bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0"):
        return False
    raise ValueError(f"{name} must be True or False, not {value!r}")


wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Seconds an idle kept-alive connection stays open. Longer than nginx keeps its idle connections to us (the
# upstream's keepalive_timeout, 60 s in deploy/nginx/rcem.conf): the side that closes first must be nginx, or
# nginx may send a request down a connection gunicorn is closing, and a POST (a ballot issued) gets a 502.
keepalive = _int("GUNICORN_KEEPALIVE", 75)
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = max_requests // 10
preload_app = False  # a reload (HUP) loads the new code
# Requests and headers no larger than the app accepts anyway (nginx limits the body: client_max_body_size).
limit_request_line = 8190
# The reverse proxy on this machine may say the request came over HTTPS (X-Forwarded-Proto); the app trusts it
# only with BEHIND_PROXY=True (config/settings.py). Another proxy address: FORWARDED_ALLOW_IPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No run-time control socket: systemd starts, reloads and stops the server, and two servers on one machine
# (the scale-out test) would fight over the one default path.
control_socket_disable = True
proc_name = "rcem-web"
# Temporary files of the worker heartbeat: in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

_access_log = _bool("GUNICORN_ACCESS_LOG", True)
# The message of each request line (the JSON line adds method, path, status, ms, bytes and the address).
access_log_format = '%(m)s %(U)s %(s)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.log_format.JsonLineFormatter"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO" if _access_log else "WARNING",
                            "propagate": False},
    },
    "root": {"handlers": [], "level": "WARNING"},
}


def post_worker_init(worker):
    """Once the worker has loaded the app: load the URLs too, then move every object made so far (Django,
    the apps, the URL patterns: several hundred thousand, alive as long as the worker) out of the garbage
    collector's reach. A full collection otherwise walks them all — 77 ms every few hundred requests, about a
    twentieth of an issuance's CPU on election day (issue 13). gc.freeze() is Python's own tool for this."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - loaded now, not at the first request
    gc.collect()
    gc.freeze()
