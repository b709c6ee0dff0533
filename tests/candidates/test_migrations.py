"""The nomination and candidate models moved from the elections app to this one (elections 0006, candidates
0001) without losing a row: a database at the old state keeps its nominees, checks, candidates, postings,
relations and the overrides written against them, and comes back the same way."""
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from candidates.models import Candidate, CandidatePosting, NegativeCheck, Nomination, Nominee, Relation
from candidates.services.candidates import candidates_post
from elections.models import Override

from .conftest import BEFORE, decide, rows_for, slate, to_nomination

BEFORE_THE_MOVE = [("elections", "0005_person_name_label")]
MODELS = (Nominee, Nomination, NegativeCheck, Candidate, CandidatePosting, Relation)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moving_the_models_to_the_candidates_app_keeps_every_row(election_a, clerk_a):
    election = to_nomination(election_a, clerk_a)
    decide(election, clerk_a, rows_for(slate(election, clerk_a, {"chair": 2, "vice_chair": 2, "member": 4})))
    candidates_post(election=election, actor=clerk_a, posted_on=BEFORE)
    counts = {model.__name__: model.objects.count() for model in MODELS}
    assert counts == {"Nominee": 8, "Nomination": 8, "NegativeCheck": 80, "Candidate": 8, "CandidatePosting": 1,
                      "Relation": 0}
    try:
        old = _migrate(BEFORE_THE_MOVE)
        # At the old state the rows are the elections app's, and new ones are made there.
        assert {name: old.get_model("elections", name).objects.count() for name in counts} == counts
        first = old.get_model("elections", "Nominee").objects.order_by("pk").first()
        old.get_model("elections", "Relation").objects.create(
            election_id=election.pk, nominee_id=first.pk, kind="配偶", role="other", relative_name="迁妻")
        old.get_model("elections", "Override").objects.create(
            election_id=election.pk, rule="CAN-1", message="超龄", reason="经研究同意",
            object_type="elections.Nominee", object_id=str(first.pk))
        _migrate(_leaves())
    finally:
        ContentType.objects.clear_cache()
    counts["Relation"] += 1
    assert {model.__name__: model.objects.count() for model in MODELS} == counts
    relation = Relation.objects.select_related("nominee__resident").get(relative_name="迁妻")
    assert relation.nominee.resident.name == "候选甲"
    assert Override.objects.get(reason="经研究同意").object_type == "candidates.Nominee"
    assert Candidate.objects.filter(election=election, status="formal").count() == 8
    # New rows still get keys after the tables were renamed (PostgreSQL keeps the identity sequence).
    Relation.objects.create(election=election, nominee=relation.nominee, kind="子女", role="other",
                            relative_name="迁子")
