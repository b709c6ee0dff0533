"""The nomination and candidate models, moved here from the elections app with their rows.

elections/migrations/0006 renamed the tables to candidates_*; this migration only takes the models into this
app's state (no table is created). Records that name the models by label move with them: overrides written
against "elections.Nominee" now name "candidates.Nominee", and the content types (with their permissions)
change app. The audit log keeps the labels it was written with: it is append-only.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["Nominee", "Nomination", "NegativeCheck", "Candidate", "CandidatePosting", "Relation"]


def _relabel(apps, old, new):
    Override = apps.get_model("elections", "Override")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for name in MODELS:
        Override.objects.filter(object_type=f"{old}.{name}").update(object_type=f"{new}.{name}")
        # A content type made already under the new label (post_migrate of an earlier run) wins.
        if not ContentType.objects.filter(app_label=new, model=name.lower()).exists():
            ContentType.objects.filter(app_label=old, model=name.lower()).update(app_label=new)


def forward(apps, schema_editor):
    _relabel(apps, "elections", "candidates")


def backward(apps, schema_editor):
    _relabel(apps, "candidates", "elections")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('elections', '0006_candidates_move_to_their_app'),
        ('voters', '0004_person_name_label'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CandidatePosting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('posted_on', models.DateField(verbose_name='posted on')),
                        ('candidates', models.JSONField(default=list, editable=False)),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('at', models.DateTimeField(auto_now_add=True)),
                        ('election', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='candidate_postings', to='elections.election', verbose_name='election')),
                        ('posted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='posted by')),
                    ],
                    options={
                        'verbose_name': 'posting of the formal candidates',
                        'verbose_name_plural': 'postings of the formal candidates',
                        'ordering': ['election', 'at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Nominee',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('is_party_secretary', models.BooleanField(default=False, verbose_name='community party secretary')),
                        ('accepted_on', models.DateField(blank=True, null=True, verbose_name='accepted the nomination on')),
                        ('warnings_overridden', models.JSONField(blank=True, default=list, editable=False)),
                        ('committee_introduction', models.TextField(blank=True, verbose_name='introduction by the election committee')),
                        ('self_introduction', models.TextField(blank=True, verbose_name='introduction by the candidate')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('committee_member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='nominee_records', to='elections.committeemember', verbose_name='election committee member')),
                        ('created_by', models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('election', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='nominees', to='elections.election', verbose_name='election')),
                        ('resident', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='nominee_records', to='voters.resident', verbose_name='resident')),
                    ],
                    options={
                        'verbose_name': 'nominee',
                        'verbose_name_plural': 'nominees',
                        'ordering': ['election', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Nomination',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(choices=[('group', 'Resident group'), ('joint_voters', 'Voters jointly'), ('joint_households', 'Household representatives jointly'), ('self', 'Self-application')], max_length=20, verbose_name='source')),
                        ('positions', models.JSONField(default=list, verbose_name='positions sought')),
                        ('nominated_on', models.DateField(verbose_name='date of nomination')),
                        ('group_meeting_on', models.DateField(blank=True, null=True, verbose_name='date of the group meeting')),
                        ('supporters', models.JSONField(blank=True, default=list, verbose_name='supporting names')),
                        ('statement', models.TextField(blank=True, verbose_name='statement')),
                        ('recorded_at', models.DateTimeField(auto_now_add=True)),
                        ('group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='nominations', to='voters.residentgroup', verbose_name='resident group')),
                        ('recorded_by', models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('nominee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='nominations', to='candidates.nominee', verbose_name='nominee')),
                    ],
                    options={
                        'verbose_name': 'nomination',
                        'verbose_name_plural': 'nominations',
                        'ordering': ['nominated_on', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='NegativeCheck',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='item')),
                        ('item', models.TextField(verbose_name='condition')),
                        ('finding', models.CharField(blank=True, choices=[('', 'Not checked yet'), ('clear', 'Clear'), ('found', 'Found')], default='', max_length=10, verbose_name='finding')),
                        ('evidence', models.TextField(blank=True, verbose_name='evidence')),
                        ('checked_at', models.DateTimeField(blank=True, null=True, verbose_name='checked at')),
                        ('resolved', models.BooleanField(default=False, verbose_name='resolved')),
                        ('resolution', models.TextField(blank=True, verbose_name='resolution')),
                        ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='resolved at')),
                        ('checked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='checked by')),
                        ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='resolved by')),
                        ('nominee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='negative_checks', to='candidates.nominee', verbose_name='nominee')),
                    ],
                    options={
                        'verbose_name': 'negative-list check',
                        'verbose_name_plural': 'negative-list checks',
                        'ordering': ['nominee', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='Candidate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.CharField(choices=[('chair', 'Chair'), ('vice_chair', 'Vice-chair'), ('member', 'Member')], max_length=20, verbose_name='position')),
                        ('votes', models.PositiveIntegerField(verbose_name='votes at the meeting')),
                        ('status', models.CharField(choices=[('formal', 'Formal candidate'), ('reserve', 'Not chosen (next in line)'), ('withdrawn', 'Withdrawn')], max_length=10, verbose_name='status')),
                        ('withdrawn_on', models.DateField(blank=True, null=True, verbose_name='written withdrawal dated')),
                        ('withdrawal_statement', models.TextField(blank=True, verbose_name='written withdrawal')),
                        ('decided_at', models.DateTimeField(auto_now_add=True)),
                        ('election', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='candidates', to='elections.election', verbose_name='election')),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='candidate_votes', to='elections.meeting', verbose_name='meeting')),
                        ('replaces', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='replaced_by', to='candidates.candidate', verbose_name='replaces')),
                        ('nominee', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='candidacy', to='candidates.nominee', verbose_name='nominee')),
                    ],
                    options={
                        'verbose_name': 'candidate',
                        'verbose_name_plural': 'candidates',
                        'ordering': ['election', 'position', '-votes', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Relation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=30, verbose_name='relation')),
                        ('role', models.CharField(choices=[('nominee', 'Another nominee'), ('counting_staff', 'Counting or scrutinising staff'), ('other', 'Someone else')], max_length=20, verbose_name='the relative is')),
                        ('relative_name', models.CharField(max_length=50, verbose_name="relative's name")),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('recorded_at', models.DateTimeField(auto_now_add=True)),
                        ('election', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='relations', to='elections.election', verbose_name='election')),
                        ('nominee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='relations', to='candidates.nominee', verbose_name='nominee')),
                        ('recorded_by', models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('relative_nominee', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='relations_as_relative', to='candidates.nominee', verbose_name='relative (nominee)')),
                    ],
                    options={
                        'verbose_name': 'near relative',
                        'verbose_name_plural': 'near relatives',
                        'ordering': ['election', 'nominee', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='nominee',
                    constraint=models.UniqueConstraint(fields=('election', 'resident'), name='nominee_once_per_election'),
                ),
                migrations.AddConstraint(
                    model_name='nomination',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('source', 'group'), _negated=True), models.Q(('group__isnull', False), ('group_meeting_on__isnull', False)), _connector='OR'), name='nomination_group_has_group_and_meeting'),
                ),
                migrations.AddConstraint(
                    model_name='negativecheck',
                    constraint=models.UniqueConstraint(fields=('nominee', 'number'), name='negative_check_once_per_item'),
                ),
                migrations.AddConstraint(
                    model_name='negativecheck',
                    constraint=models.CheckConstraint(condition=models.Q(('finding', ''), models.Q(('evidence', ''), _negated=True), _connector='OR'), name='negative_check_finding_has_evidence'),
                ),
                migrations.AddConstraint(
                    model_name='negativecheck',
                    constraint=models.CheckConstraint(condition=models.Q(('resolved', False), models.Q(('finding', 'found'), models.Q(('resolution', ''), _negated=True)), _connector='OR'), name='negative_check_resolution_of_a_finding'),
                ),
                migrations.AddConstraint(
                    model_name='candidate',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'withdrawn'), _negated=True), models.Q(('withdrawn_on__isnull', False), models.Q(('withdrawal_statement', ''), _negated=True)), _connector='OR'), name='candidate_withdrawal_in_writing'),
                ),
                migrations.AddConstraint(
                    model_name='relation',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'nominee'), _negated=True), ('relative_nominee__isnull', False), _connector='OR'), name='relation_nominee_role_names_the_nominee'),
                ),
                migrations.AddConstraint(
                    model_name='relation',
                    constraint=models.CheckConstraint(condition=models.Q(('relative_nominee', models.F('nominee')), _negated=True), name='relation_not_to_oneself'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forward, backward),
    ]
