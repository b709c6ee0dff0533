"""The handover page (AFT-2, AFT-7): the deadline, the start (door "handover_start"), the items, the three
signatures in order, the record's PDF and closing the election (door "election_close")."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from elections import access
from elections.services.elections import door_problems
from elections.views._helpers import form_errors_to_messages, run_service

from ..forms import CloseForm, HandoverItemFormSet, HandoverStartForm, SignForm
from ..models import Handover, HandoverItem, HandoverSignature
from ..selectors import handover_deadline, wrap_up_checklist
from ..services import handover as services
from ..services.committee import certification_of, in_office, previous_chair
from . import page_context

Party = HandoverSignature.Party


def _elected_chair(election):
    certification = certification_of(election)
    rows = certification.snapshot.get("elected", []) if certification else []
    return next((row["name"] for row in rows if row["position"] == "chair"), "")


def _signature_rows(request, election, handover):
    """The three signature lines in order, each with its record or, for the next one, who may record it."""
    signed = {s.party: s for s in handover.signatures.select_related("recorded_by")}
    upcoming = services.next_party(handover)
    expected = {Party.OUTGOING: handover.outgoing_chair, Party.INCOMING: handover.incoming_chair,
                Party.STREET: request.user.get_full_name() or ""}
    rows = []
    for party in Party:
        may = (access.can_supervise_community(request.user, election.community) if party == Party.STREET
               else access.can_edit_election(request.user, election))
        form = None
        if party == upcoming and may:
            form = SignForm(prefix=party, initial={"signer_name": expected[party]})
        rows.append({"party": party, "signature": signed.get(party), "next": party == upcoming, "form": form,
                     "by_supervisor": party == Party.STREET})
    return rows


@login_required
def handover_page(request, pk):
    election = access.get_election(request.user, pk)
    handover = Handover.objects.filter(election=election).first()
    context = {"handover": handover, "deadline": handover_deadline(election),
               "start_problems": door_problems(election, "handover_start"),
               "close_problems": door_problems(election, "election_close"),
               "close_warnings": services.close_warnings(election) if election.state == "handover" else [],
               "close_form": CloseForm(), "seats": in_office(election.completes or election)}
    if handover is None:
        context["start_form"] = HandoverStartForm(initial={"outgoing_chair": previous_chair(election),
                                                           "incoming_chair": _elected_chair(election)})
    else:
        items = handover.items.all()
        editable = not handover.signatures.exists()
        context.update(items=items, editable=editable, signatures=_signature_rows(request, election, handover),
                       sign_problems=services.sign_problems(handover),
                       formset=HandoverItemFormSet(queryset=items) if editable else None)
    if not election.is_by_election:
        context["wrap_up"] = wrap_up_checklist(election)
    return render(request, "aftermath/handover.html", page_context(request, election, **context))


@login_required
@require_POST
def handover_start(request, pk):
    election = access.get_election(request.user, pk, edit=True)
    form = HandoverStartForm(request.POST)
    if form.is_valid():
        success = (_("The elected took their seats on the committee.") if election.is_by_election
                   else _("The handover has begun: fill in the items, then record the signatures."))
        run_service(request, services.handover_start, election=election, actor=request.user,
                    success=success, **form.cleaned_data)
    else:
        form_errors_to_messages(request, form)
    return redirect("aftermath:handover", election.pk)


def _rows(formset):
    rows = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue  # the empty row for a new item, left empty
        data = form.cleaned_data
        rows.append({"item": form.instance if form.instance.pk else None,
                     "remove": bool(data.get("DELETE")), **{k: data.get(k) or "" for k in services.ITEM_FIELDS}})
    return rows


@login_required
@require_POST
def handover_items(request, pk):
    election = access.get_election(request.user, pk, edit=True)
    handover = Handover.objects.filter(election=election).first()
    if handover is None:
        raise Http404
    formset = HandoverItemFormSet(request.POST, queryset=HandoverItem.objects.filter(handover=handover))
    if formset.is_valid():
        run_service(request, services.handover_items_save, handover=handover, rows=_rows(formset),
                    actor=request.user, success=_("The handover items were saved."))
    else:
        for form in formset.forms:
            form_errors_to_messages(request, form)
        for error in formset.non_form_errors():
            messages.error(request, error)
    return redirect("aftermath:handover", election.pk)


@login_required
@require_POST
def handover_sign(request, pk, party):
    """The chairs' signatures are recorded by the committee's clerks from the signed paper; the presiding street
    official's by a street-office supervisor."""
    if party not in Party.values:
        raise Http404
    election = access.get_election(request.user, pk, supervise=party == Party.STREET,
                                   edit=party != Party.STREET)
    handover = Handover.objects.filter(election=election).first()
    if handover is None:
        raise Http404
    form = SignForm(request.POST, prefix=party)
    if form.is_valid():
        run_service(request, services.handover_sign, handover=handover, party=party, actor=request.user,
                    success=_("The signature is recorded."), **form.cleaned_data)
    else:
        form_errors_to_messages(request, form)
    return redirect("aftermath:handover", election.pk)


@login_required
@require_POST
def election_close(request, pk):
    """Close the election (door "election_close"); missing wrap-up items (AFT-3) need the reason field."""
    election = access.get_election(request.user, pk, edit=True)
    form = CloseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    done = run_service(request, services.election_close, election=election, actor=request.user, reason=reason,
                       success=_("The election is closed."))
    return redirect("election_detail" if done else "aftermath:handover", election.pk)
