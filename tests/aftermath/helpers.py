"""Elections after the vote, made through the counting services (tests.counting.helpers), and the handover
walked through its services.

    setup = certified(community, clerk, clerk2)            # certified today, 5 elected
    handover = begun(setup.election, clerk)                # the door "handover_start", items filled in
    sign_all(handover, clerk, supervisor)                  # the three signatures, today
"""
from aftermath.models import HandoverSignature
from aftermath.services.handover import handover_items_save, handover_sign, handover_start
from counting.services.certification import results_certify
from counting.services.rounds import round_close
from elections import clock
from tests.counting.helpers import counting_setup, enter_twice, first_round, issue, totals_by_key
from tests.counting.test_scenarios import CANDIDATES, CLEAN, SEPARATE

Party = HandoverSignature.Party


def certified(community, clerk, clerk2, *, votes=CLEAN, term=None, profile_key="seed-district-plan"):
    setup = counting_setup(community, clerk, voters=20, candidates=CANDIDATES, rules=SEPARATE, term=term,
                           profile_key=profile_key)
    issue(setup, 20)
    count_round = first_round(setup, clerk)
    enter_twice(count_round, setup.station, (clerk, clerk2), returned=20, valid=20, invalid=0,
                totals=totals_by_key(setup, votes))
    round_close(count_round=count_round, actor=clerk)
    setup.count_round = count_round
    results_certify(election=setup.election, actor=clerk)
    setup.refresh()
    return setup


def fill_items(handover, actor, quantity="1"):
    rows = [{"item": item, "category": item.category, "description": item.description, "quantity": quantity,
             "note": ""} for item in handover.items.all()]
    return handover_items_save(handover=handover, rows=rows, actor=actor)


def begun(election, clerk, *, outgoing_chair="周上届", started_on=None):
    handover = handover_start(election=election, actor=clerk, outgoing_chair=outgoing_chair,
                              started_on=started_on)
    fill_items(handover, clerk)
    return handover


def sign_all(handover, clerk, supervisor, day=None):
    day = day or clock.today()
    handover_sign(handover=handover, party=Party.OUTGOING, actor=clerk, signer_name=handover.outgoing_chair,
                  signed_on=day)
    handover_sign(handover=handover, party=Party.INCOMING, actor=clerk, signer_name=handover.incoming_chair,
                  signed_on=day)
    handover_sign(handover=handover, party=Party.STREET, actor=supervisor, signer_name="街道监交人",
                  signed_on=day)
    handover.refresh_from_db()
    return handover
