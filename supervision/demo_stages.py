"""The demo's communities at the later stages (issue 11, item 6): each election is taken through the same
services as a real one — the rehearsal machinery of counting.simulation, for a real (not rehearsal) election —
on the app's clock (elections.clock.travelling_to): every act is entered on the day it is dated.

- nomination: the voter list posted and the objection period closed; election day in 8 days;
- election day (today): formal candidates posted, three proxies approved (PRX-2, PRX-3), the polling plan, a
  good part of the ballots issued and the issuance still open;
- a tie-break under way: election day today, the first round counted from the counters' sheets with a tie at
  the last member seat (VOTE-9), the tie-break vote opened and its ballots being issued;
- certified three days ago; handover begun (certified six days ago); closed (elected three weeks ago, the
  handover signed, the wrap-up recorded).

Small communities (about 100 residents) keep `seed_demo` quick.
"""
import datetime

from counting.simulation import REASON, Options, Simulation
from elections import clock
from elections.models import Election

RESIDENTS = 100


class StageSimulation(Simulation):
    """A real election of term 12 whose election day is `election_day` (Simulation makes rehearsals held
    today)."""

    def __init__(self, community, *, election_day, seed):
        with clock.travelling_to(election_day):
            super().__init__(community, Options(voters=RESIDENTS, turnout=0.82, seed=seed))

    def create(self):
        from elections.services.elections import election_create

        profile = self.community.street.district.default_profile
        with self.on(46):
            self.election = election_create(
                community=self.community, term=12, profile=profile, actor=self.actor, election_date=self.today,
                start_time=datetime.time(8, 30), place=f"{self.community.name}居委会广场",
                vice_chair_seats=profile.vice_chairs_min, member_seats=5)
        return self.election

    def prepare(self):
        self.residents()
        self.create()
        self.committee()
        self.register()

    def proxies(self, n=3):
        """PRX-2: voters who cannot come through age or illness authorise another voter, approved by the
        committee three days before election day (PRX-3: at least two)."""
        from polling.selectors import voters_of
        from polling.services.proxies import proxy_apply, proxy_approve

        candidates = {c.nominee.resident_id for c in self.election.candidates.all()}
        voters = [r for r in voters_of(self.election).select_related("resident").order_by("pk")
                  if r.resident_id not in candidates]
        with self.on(3):
            for i in range(n):
                principal, holder = voters[2 * i], voters[2 * i + 1]
                proxy = proxy_apply(election=self.election, principal=principal, holder=holder,
                                    reason="age" if i % 2 == 0 else "illness", actor=self.actor,
                                    authorisation_signed_on=self.day(3), authorisation_note=f"委托书第{i + 1}号",
                                    applied_on=self.day(3))
                proxy_approve(proxy=proxy, actor=self.actor, decided_on=self.day(3))

    def issue(self, share):
        """As Simulation.issue, and a voter who gave a proxy has the ballot collected by the proxy (PRX-4)."""
        from polling.models import Proxy
        from polling.selectors import voters_of
        from polling.services.issuance import ballot_issue

        proxies = {p.principal_id: p for p in Proxy.objects.filter(election=self.election,
                                                                   status=Proxy.Status.APPROVED)}
        voters = list(voters_of(self.election).select_related("resident__household").order_by("pk"))
        taking_part = self.rng.sample(voters, min(len(voters), round(share * len(voters))))
        taking_part += [r for r in voters if r.pk in proxies and r not in taking_part]
        issued = {station.pk: 0 for station in self.stations.values()}
        for i, registration in enumerate(taking_part):
            proxy = proxies.get(registration.pk)
            mobile = proxy is None and self.rng.random() < 0.05
            station = self.stations["mobile" if mobile else "meeting"]
            ballot_issue(election=self.election, registration=registration, station=station, actor=self.actor,
                         proxy=proxy)
            issued[station.pk] += 1
        return issued

    def count_with_a_tie(self, count_round, issued):
        """Count the first round from the counters' sheets (totals, double entry): the chair and vice-chair
        clearly elected, four members, and the last member seat tied between two candidates (VOTE-9)."""
        from candidates.models import Candidate
        from polling.keys import candidate_id_of

        from counting.models import TallyBox
        from counting.services import entry as entry_services
        from counting.services.rounds import round_close

        sexes = dict(Candidate.objects.filter(election=self.election).values_list("pk", "nominee__resident__sex"))
        for station in self.stations.values():
            n = issued.get(station.pk, 0)
            if not n:
                continue
            totals = {}
            for contest in count_round.contests:
                # Women first among the members: the committee has its woman (SEAT-2) whatever the tie.
                keys = sorted(contest["candidates"], key=lambda k: (sexes.get(candidate_id_of(k)) != "F", k))
                seats = contest["seats"]
                votes = {}
                for i, key in enumerate(keys):
                    if contest["position"] != "member":
                        share = 0.8 if i < seats else 0.15
                    else:  # VOTE-8: no more approvals than the ballots allow; a tie at the last seat
                        share = 0.85 if i < seats - 1 else 0.55 if i in (seats - 1, seats) else 0.1
                    votes[key] = int(share * n)
                totals[contest["position"]] = votes
            box = entry_services.box_open(count_round=count_round, station=station, mode=TallyBox.Mode.TOTALS,
                                          actor=self.actor)
            for typist in self.typists:
                entry = entry_services.entry_start(box=box, actor=typist)
                entry_services.totals_save(entry=entry, actor=typist, returned=n, valid=n, invalid=0, blank=0,
                                           totals=totals)
                entry_services.entry_submit(entry=entry, actor=typist, reason=REASON)
        return round_close(count_round=count_round, actor=self.actor)


def _fresh(community):
    return not Election.objects.filter(community=community, is_rehearsal=False).exists()


def nomination_stage(community, *, seed):
    today = clock.today()
    if _fresh(community):
        StageSimulation(community, election_day=today + datetime.timedelta(days=8), seed=seed).prepare()


def election_day_stage(community, *, seed):
    """Election day: proxies approved, a good part of the ballots issued, the issuance open."""
    if not _fresh(community):
        return
    simulation = StageSimulation(community, election_day=clock.today(), seed=seed)
    simulation.prepare()
    simulation.nominate()
    simulation.proxies()
    simulation.plan()
    simulation.issue(0.55)


def tie_break_stage(community, *, seed):
    """The first round counted with a tie at the last member seat; the tie-break vote under way."""
    from polling.services.rounds import polls_close

    from counting.results import election_results
    from counting.services.rounds import current_count_round, round_next_open

    if not _fresh(community):
        return
    simulation = StageSimulation(community, election_day=clock.today(), seed=seed)
    simulation.prepare()
    simulation.nominate()
    simulation.plan()
    issued = simulation.issue(simulation.options.turnout)
    simulation.election = polls_close(election=simulation.election, actor=simulation.actor)
    simulation.count_with_a_tie(current_count_round(election=simulation.election, actor=simulation.actor), issued)
    step = election_results(simulation.election).next
    assert step.kind == "tie_break", step.kind
    round_next_open(election=simulation.election, actor=simulation.actor, voting_day=clock.today())
    simulation.election.refresh_from_db()
    simulation.issue(0.3)


def certified_stage(community, *, seed, days_ago=3):
    if not _fresh(community):
        return None
    day = clock.today() - datetime.timedelta(days=days_ago)
    with clock.travelling_to(day):
        simulation = StageSimulation(community, election_day=day, seed=seed)
        simulation.run()
    return simulation


def handover_stage(community, *, seed):
    """Certified six days ago; the handover began the next day and is not signed yet (AFT-2)."""
    from aftermath.services.handover import handover_start

    simulation = certified_stage(community, seed=seed, days_ago=6)
    if simulation is None:
        return
    with clock.travelling_to(clock.today() - datetime.timedelta(days=5)):
        handover_start(election=simulation.election, actor=simulation.actor, outgoing_chair="上届居委会主任")


def closed_stage(community, *, seed):
    """Elected three weeks ago; the handover signed two days later, the wrap-up recorded, closed (AFT-7)."""
    from aftermath.simulation import rehearse_to_close

    simulation = certified_stage(community, seed=seed, days_ago=21)
    if simulation is None:
        return
    with clock.travelling_to(clock.today() - datetime.timedelta(days=19)):
        rehearse_to_close(simulation.election, actor=simulation.actor)
