"""The card the election's overview page shows of the time after the vote (registered in apps.py): the
handover's deadline with the days left (AFT-2, CAL-3), the handover's progress, the wrap-up checklist (AFT-3)
and the complaints awaiting a decision (AFT-5)."""
from elections.states import RESULT_CERTIFIED, State

from .models import Complaint, Handover
from .selectors import handover_deadline, open_complaints, wrap_up_checklist



def aftermath_panel(request, election):
    complaints = open_complaints(election).count()
    if election.state not in RESULT_CERTIFIED and not complaints:
        return None
    handover = Handover.objects.filter(election=election).prefetch_related("signatures").first()
    context = {"open_complaints": complaints, "handover": handover,
               "complaints_total": Complaint.objects.filter(election=election).count()}
    if election.state in RESULT_CERTIFIED:
        context["deadline"] = handover_deadline(election)
        if not election.is_by_election and election.state != State.CERTIFIED:
            context["wrap_up"] = wrap_up_checklist(election)
    return "aftermath/_election_panel.html", context
