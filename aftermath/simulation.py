"""The rehearsal's end (`simulate_election --until closed`): after counting.simulation has certified a rehearsal
election, its handover is carried out through the same services as a real one — the new committee takes
office, the record's items are filled in (generated quantities, one extra item), the outgoing chair, the
incoming chair and a street-office official sign in order, the wrap-up the profile asks for is recorded, and
the election is closed (AFT-2, AFT-3, AFT-7)."""
from django.contrib.auth import get_user_model

from elections import clock
from elections.states import State

from .models import HandoverSignature, ResidentBody, ResidentBodyMember
from .services import handover as handover_services
from .services import wrapup as wrapup_services
from .services.committee import in_office

OUTGOING_CHAIR = "欧阳立群"
STREET_OFFICIAL = ("rehearsal-street-official", "街道办事处监交人（演练）")
QUANTITIES = {"seal": ("1枚", "已核对印模"), "premises": ("3间，共120平方米", ""), "equipment": ("电脑4台、打印机2台", ""),
              "property": ("账目1册", "账实相符"), "fixed_assets": ("清单1份，共23项", ""),
              "archives": ("档案42卷", "含上届选举档案"), "claims_debts": ("无", ""), "other": ("无", "")}
EXTRA_ITEM = {"category": "other", "description": "社区居民委员会工作台账", "quantity": "6册", "note": "演练"}
BODY_MEMBERS = ["东方红梅", "西门建华", "南宫秀兰", "北堂志强", "公孙丽娟"]


def _official():
    username, full_name = STREET_OFFICIAL
    user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_active": False,
                                                                                       "first_name": full_name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _fill_items(handover, actor):
    rows = []
    for item in handover.items.all():
        quantity, note = QUANTITIES.get(item.category, ("无", ""))
        rows.append({"item": item, "category": item.category, "description": item.description,
                     "quantity": quantity, "note": note})
    rows.append({"item": None, **EXTRA_ITEM})
    handover_services.handover_items_save(handover=handover, rows=rows, actor=actor)


def _wrap_up(election, actor):
    today = clock.today()
    seats = in_office(election)
    for i, name in enumerate(election.rules.working_committees or []):
        committee = wrapup_services.working_committee_add(election=election, actor=actor, name=name,
                                                          set_up_on=today)
        head = seats[i % len(seats)]
        wrapup_services.working_committee_member_add(committee=committee, seat=head, actor=actor, role="head")
        member = seats[(i + 1) % len(seats)]
        if member != head:
            wrapup_services.working_committee_member_add(committee=committee, seat=member, actor=actor)
    kinds = [kind for kind, wanted in ((ResidentBody.Kind.CONSULTATION_COUNCIL, election.rules.consultation_council),
                                       (ResidentBody.Kind.SUPERVISION_GROUP, election.rules.supervision_group))
             if wanted]
    for kind in kinds:
        members = [(name, ResidentBodyMember.Role.HEAD if i == 0 else ResidentBodyMember.Role.MEMBER)
                   for i, name in enumerate(BODY_MEMBERS)]
        wrapup_services.resident_body_record(election=election, actor=actor, kind=kind, set_up_on=today,
                                             chosen_by="社区居民代表会议（演练）", members=members)


def rehearse_to_close(election, *, actor):
    """Hand over and close a certified rehearsal election; returns the keys the command's JSON adds."""
    election.refresh_from_db()
    if election.state != State.CERTIFIED:
        return {"handover_signed_on": None, "closed": False}
    today = clock.today()
    handover = handover_services.handover_start(election=election, actor=actor, started_on=today,
                                                outgoing_chair=OUTGOING_CHAIR)
    _fill_items(handover, actor)
    Party = HandoverSignature.Party
    official = _official()
    for party, signer, name in ((Party.OUTGOING, actor, handover.outgoing_chair),
                                (Party.INCOMING, actor, handover.incoming_chair),
                                (Party.STREET, official, official.first_name)):
        handover_services.handover_sign(handover=handover, party=party, actor=signer, signer_name=name,
                                        signed_on=today, note="演练")
    _wrap_up(election, actor)
    election = handover_services.election_close(election=election, actor=actor)
    handover.refresh_from_db()
    return {"handover_signed_on": handover.completed_on.isoformat(), "closed": election.state == State.CLOSED}
