"""Who the person fields of the election-day pages may take (voters/pickers.py).

- the voter giving a proxy: a confirmed voter of this election who has not given a proxy, has not received a
  ballot and does not hold authorisations (PRX-2, PRX-4);
- the proxy: a confirmed voter who has not given a proxy, holds fewer than the profile's maximum (pending and
  approved alike, as the application counts them) and, when the profile says so, is not a formal candidate
  (PRX-4);
- station staff chosen from the residents: a confirmed voter of this election (the staff are 推选 from the
  voters; someone from outside the community is entered by name).

The lists follow the checks of polling/services/proxies.py, which decide in the end, under locks; a person
refused here is refused with that check's own message.
"""
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from voters.models import Registration
from voters.pickers import PersonPool, voter_pool

from .candidates import formal_candidate_resident_ids
from .models import BallotIssue, Proxy
from .selectors import voters_of
from .services.proxies import holder_problem, principal_problem


def _refusal(election, problem):
    def refusal(pk):
        registration = Registration.objects.filter(election=election, pk=pk).select_related("resident").first()
        if registration is None:
            return _("That person cannot be chosen here.")
        return problem(election, registration) or _("%(name)s cannot be chosen here.") % {
            "name": registration.resident.name}
    return refusal


def _active(election):
    return Proxy.objects.filter(election=election, status__in=Proxy.ACTIVE)


def principal_pool(election):
    active = _active(election)
    issued = BallotIssue.objects.filter(registration__election=election, cancelled_at__isnull=True)
    allowed = (voters_of(election).exclude(pk__in=active.values("principal_id"))
               .exclude(pk__in=active.values("holder_id")).exclude(pk__in=issued.values("registration_id")))
    return PersonPool(queryset=allowed, prefix="resident__", refusal=_refusal(election, principal_problem))


def holder_pool(election):
    most = election.rules.proxy_max_authorisations
    allowed = (voters_of(election).exclude(pk__in=_active(election).values("principal_id"))
               .annotate(held=Count("proxies_held", filter=Q(proxies_held__status__in=Proxy.ACTIVE)))
               .filter(held__lt=most))
    if election.rules.proxy_candidate_forbidden:
        allowed = allowed.exclude(resident_id__in=formal_candidate_resident_ids(election))
    return PersonPool(queryset=allowed, prefix="resident__", refusal=_refusal(election, holder_problem),
                      detail=lambda row: _("holds %(held)s of %(most)s") % {"held": row.held, "most": most}
                      if row.held else "")


def staff_pool(election):
    return voter_pool(election)
