"""GET /healthz: is this server able to serve, and is a background worker alive? For nginx, a load balancer,
monitoring, and the operator on election day (docs/operations.md, "Health check").

    200 {"status": "ok", "database": "ok", "workers": 1, "last_heartbeat": "2026-12-20T09:41:07+08:00"}
    503 {"status": "failing", "database": "error", ...}            the database does not answer
    503 {"status": "failing", "database": "ok", "workers": 0, ...}  no worker said it was alive within three
                                                                    heartbeats (3 × WORKER_HEARTBEAT_SECONDS)

No login, no session, nothing about the elections: only whether the parts run. With TASKS_IMMEDIATE=True the
jobs run inside the requests and no worker is expected ("workers": "not used"). The page is exempt from the
HTTPS redirect, so a check on the loopback address works in plain HTTP.
"""
import logging

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from elections.jobs import workers_alive

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    body, healthy = {"status": "ok"}, True
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        body["database"] = "ok"
    except Exception as exc:  # any failure to reach the database is the answer, not a 500
        logger.error("Health check: the database does not answer: %s", exc)
        body["database"], healthy = "error", False
    if settings.TASKS_IMMEDIATE:
        body["workers"] = "not used"
    elif body["database"] == "ok":
        try:
            alive = list(workers_alive().order_by("-beat_at").values_list("beat_at", flat=True))
        except Exception as exc:  # the table missing (not migrated) is a failure too
            logger.error("Health check: cannot read the worker heartbeats: %s", exc)
            alive = None
        body["workers"] = len(alive) if alive is not None else "error"
        body["last_heartbeat"] = alive[0].isoformat() if alive else None
        if not alive:
            healthy = False
    if not healthy:
        body["status"] = "failing"
    return JsonResponse(body, status=200 if healthy else 503)
