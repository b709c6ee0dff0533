"""Every ballot print run has its job (0004 gave one to each existing run); its own status fields go. A separate
migration from 0004: PostgreSQL refuses to alter a table with row changes still pending in the same transaction."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("polling", "0004_ballot_batch_runs_as_a_leased_job"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ballotbatch",
            name="job",
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="ballot_batch",
                                       to="elections.job"),
        ),
        migrations.RemoveField(model_name="ballotbatch", name="error"),
        migrations.RemoveField(model_name="ballotbatch", name="finished_at"),
        migrations.RemoveField(model_name="ballotbatch", name="pages_done"),
        migrations.RemoveField(model_name="ballotbatch", name="pages_total"),
        migrations.RemoveField(model_name="ballotbatch", name="started_at"),
        migrations.RemoveField(model_name="ballotbatch", name="status"),
        migrations.RemoveField(model_name="ballotbatch", name="task_id"),
    ]
