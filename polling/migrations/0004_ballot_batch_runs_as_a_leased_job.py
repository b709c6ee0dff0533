"""A ballot print run's status and progress move to its background job (elections.Job), which carries the lease
that lets a dead worker's run be found and retried (issue 12, item 1). Each existing run gets a job with what the
run recorded."""
import django.db.models.deletion
from django.db import migrations, models


def jobs_for_existing_runs(apps, schema_editor):
    BallotBatch = apps.get_model("polling", "BallotBatch")
    Job = apps.get_model("elections", "Job")
    for batch in BallotBatch.objects.select_related("election").iterator():
        running = batch.status == "running"
        batch.job = Job.objects.create(
            kind="polling.ballots", status=batch.status, done=batch.pages_done, total=batch.pages_total,
            error=batch.error, failure="error" if batch.status == "failed" else "", task_id=batch.task_id,
            election_id=batch.election_id, community_id=batch.election.community_id,
            requested_by_id=batch.requested_by_id, started_at=batch.started_at, finished_at=batch.finished_at,
            attempts=1 if batch.started_at else 0,
            # A run left "running" before leases existed has no heartbeat: its start is the last sign of life,
            # so the first look at it finds it stale.
            heartbeat_at=(batch.started_at or batch.requested_at) if running else None)
        batch.save(update_fields=["job"])


class Migration(migrations.Migration):

    dependencies = [
        ("elections", "0009_background_jobs_and_worker_heartbeats"),
        ("polling", "0003_round_voting_day_and_contests"),
    ]

    operations = [
        migrations.AddField(
            model_name="ballotbatch",
            name="job",
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.PROTECT,
                                       related_name="ballot_batch", to="elections.job"),
        ),
        migrations.RunPython(jobs_for_existing_runs, migrations.RunPython.noop),
    ]
