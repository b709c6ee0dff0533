"""`simulate_election` (DESIGN.md): a rehearsal election run through the same services, printed as JSON."""
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from counting.models import Certification
from elections.checklist import checklist
from elections.models import Election
from voters.models import Resident

pytestmark = pytest.mark.django_db(transaction=False)

KEYS = {"registered", "participants", "quorum_reached", "ballots_issued", "ballots_returned", "ballots_valid",
        "ballots_invalid", "seats", "candidates", "rounds", "elected"}


def simulate(*args):
    out = io.StringIO()
    call_command("simulate_election", *args, stdout=out)
    return json.loads(out.getvalue())


def test_simulate_election_creates_residents_and_runs_a_rehearsal_to_certified_results(community_a):
    outcome = simulate("--community", community_a.code, "--voters", "160", "--turnout", "0.9", "--seed", "4")
    assert KEYS <= set(outcome)
    assert Resident.objects.filter(community=community_a).count() == 160
    election = Election.objects.get(pk=outcome["election"])
    assert election.is_rehearsal and election.state == "certified"
    assert Certification.objects.filter(election=election, revoked_at__isnull=True).exists()
    assert outcome["seats"] == {"chair": 1, "vice_chair": 1, "member": 5}
    assert outcome["quorum_reached"] and outcome["participants"] == outcome["ballots_issued"]
    assert outcome["ballots_valid"] + outcome["ballots_invalid"] == outcome["ballots_returned"]
    assert outcome["participants"] == round(0.9 * outcome["registered"])
    assert {c["position"] for c in outcome["candidates"]} == {"chair", "vice_chair", "member"}
    assert all(set(c) == {"name", "position", "sex", "votes"} for c in outcome["candidates"])
    assert all({"participants", "votes"} <= set(r) for r in outcome["rounds"])
    assert 3 <= len(outcome["elected"]) <= 7
    assert all(set(e) == {"name", "position", "votes", "round"} for e in outcome["elected"])
    # CAL-5: each step of the rehearsal is entered on the day it is dated, in its order: nothing back-dated.
    assert not election.backdated_acts.exists() and not election.overrides.filter(rule__in=["VOT-5", "CAN-6"])
    assert election.steps_done.get(step="voter_list_published").done_on == election.election_date - \
        datetime.timedelta(days=15)


def test_simulate_election_is_repeatable_with_the_same_seed(community_a, community_b):
    first = simulate("--community", community_a.code, "--voters", "160", "--seed", "9")
    second = simulate("--community", community_b.code, "--voters", "160", "--seed", "9")
    assert first["candidates"] == second["candidates"] and first["elected"] == second["elected"]


def test_simulate_election_refuses_an_unknown_community(db):
    with pytest.raises(CommandError):
        call_command("simulate_election", "--community", "999999999999")


def test_a_turnout_below_the_quorum_leaves_the_rehearsal_uncertified(community_a):
    outcome = simulate("--community", community_a.code, "--voters", "160", "--turnout", "0.4", "--seed", "2")
    assert outcome["quorum_reached"] is False and outcome["elected"] == [] and not outcome["certified"]


def test_simulate_election_until_closed_carries_the_rehearsal_through_the_handover(community_a):
    from aftermath.models import Handover

    outcome = simulate("--community", community_a.code, "--voters", "160", "--seed", "4", "--until", "closed")
    assert outcome["certified"] is True and outcome["closed"] is True and outcome["state"] == "closed"
    handover = Handover.objects.get(election_id=outcome["election"])
    assert outcome["handover_signed_on"] == handover.completed_on.isoformat()
    assert handover.signatures.count() == 3 and handover.items.count() == 9
    # Every step with a deadline was done on time, as a committee would: the list nobody objected to, the
    # proxies nobody asked for, the handover (CAL-5: judged by the day of each act).
    rows = checklist(Election.objects.get(pk=outcome["election"]))
    assert {r.step.key: r.status for r in rows if r.deadline} == {
        r.step.key: "done" for r in rows if r.deadline}


def test_simulate_election_stops_at_certified_by_default_without_the_handover_keys(community_a):
    outcome = simulate("--community", community_a.code, "--voters", "160", "--seed", "4")
    assert outcome["state"] == "certified" and "closed" not in outcome and "handover_signed_on" not in outcome


def test_simulate_election_until_closed_reports_an_uncertified_rehearsal_as_not_closed(community_a):
    outcome = simulate("--community", community_a.code, "--voters", "160", "--turnout", "0.4", "--seed", "2",
                       "--until", "closed")
    assert (outcome["certified"], outcome["closed"], outcome["handover_signed_on"]) == (False, False, None)
    assert outcome["state"] != "closed"


@pytest.mark.parametrize("seed", [1, 2, 3, 5, 8])
def test_simulate_election_certifies_at_a_turnout_just_above_half(community_a, seed):
    """Finding 7 of issue 9: at turnout 0.51 later rounds were held at 95 % of it and missed the quorum."""
    outcome = simulate("--community", community_a.code, "--voters", "160", "--turnout", "0.51", "--seed", str(seed))
    assert outcome["certified"] and outcome["state"] == "certified", outcome.get("stopped")
    assert all(r["participants"] == outcome["participants"] for r in outcome["rounds"])
    assert all(r["status"] != "void" for r in outcome["rounds"])


def test_a_void_first_round_still_reports_its_own_figures_and_every_formal_candidate(community_a):
    outcome = simulate("--community", community_a.code, "--voters", "160", "--turnout", "0.4", "--seed", "2")
    first = outcome["rounds"][0]
    assert first["status"] == "void"
    assert outcome["participants"] == first["participants"] == round(0.4 * outcome["registered"]) > 0
    assert outcome["ballots_issued"] == first["participants"] and outcome["ballots_returned"] > 0
    # seed profile: 1 chair + 1 vice-chair + 5 members, each with its margin (≥ 20 % and ≥ 1): 2 + 2 + 6
    assert len(outcome["candidates"]) == 10
    assert outcome["stopped"]["rule"] == "VOTE-4"


def test_simulated_ballots_marked_only_against_are_not_blank(community_a):
    from counting.results import election_results

    outcome = simulate("--community", community_a.code, "--voters", "160", "--seed", "4")
    election = Election.objects.get(pk=outcome["election"])
    first = election_results(election).rounds[0].figures
    assert 0 < first.blank < first.returned // 20  # about 1 % blank ballots, not every ballot without a "for"
