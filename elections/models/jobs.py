"""Background jobs and the workers that run them (elections/jobs.py holds the logic).

A Job is the record of one long piece of work done outside a request (printing a run of ballots, checking a big
import): its progress, and the lease the running worker keeps renewing. A job whose lease has run out is stale:
its worker died. WorkerHeartbeat is each worker process's sign of life, so a health check can say whether any
worker is running.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from .election import Election
from .organisations import Community


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the background worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Failure(models.TextChoices):
        ERROR = "error", _("The job stopped with an error")
        STALE = "stale", _("The background worker stopped while running the job")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("kind"), max_length=40)  # a name registered in elections.jobs, e.g. polling.ballots
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    failure = models.CharField(max_length=10, choices=Failure.choices, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The running attempt: who holds the lease (a random token per attempt), and when it last renewed it.
    lease = models.CharField(max_length=32, blank=True)
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    partial_file = models.CharField(max_length=500, blank=True)  # written by the running attempt, then renamed
    task_id = models.CharField(max_length=64, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    community = models.ForeignKey(Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    election = models.ForeignKey(Election, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="running") | Q(heartbeat_at__isnull=False),
                                   name="job_running_has_heartbeat"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def problem(self):
        """What went wrong, for people."""
        if self.failure != self.Failure.STALE:
            return self.error
        last = timezone.localtime(self.heartbeat_at).strftime("%Y-%m-%d %H:%M:%S") if self.heartbeat_at else "—"
        return gettext("The background worker stopped while running this job (last sign of life %(time)s, "
                       "%(done)s of %(total)s done). Nothing of it was kept: run it again, or cancel it.") % {
            "time": last, "done": self.done, "total": self.total}

    @property
    def progress_percent(self):
        if self.status == self.Status.DONE:
            return 100
        return min(100, int(100 * self.done / self.total)) if self.total else 0


class WorkerHeartbeat(models.Model):
    """One background worker process (`manage.py db_worker`) and the last time it said it was alive."""

    worker_id = models.CharField(max_length=100, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("background worker")
        verbose_name_plural = _("background workers")
        ordering = ["-beat_at"]

    def __str__(self):
        return f"{self.hostname}:{self.pid}"
