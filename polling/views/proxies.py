"""Proxy voting pages (PRX-1…PRX-4): applications, the committee's decisions, certificates, and what a
proxy holds."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from elections import access, clock
from elections.documents import document_filename
from elections.models import AuditLog, Method
from elections.views._helpers import run_service
from voters.models import Registration
from voters.pickers import people_json

from ..documents import proxy_certificate_pdf
from ..forms import ArrangedForm, DecisionDayForm, ProxyApplyForm, ReasonForm
from ..models import Proxy
from ..pickers import holder_pool, principal_pool
from ..selectors import issues_by_registration
from ..services.proxies import (proxies_arranged, proxy_apply, proxy_approve, proxy_deadline, proxy_refuse,
                                proxy_revoke)
from ..services.rounds import current_round
from ._common import page_context


def _proxies(election):
    return (Proxy.objects.filter(election=election)
            .select_related("principal__resident__group", "holder__resident__group", "decided_by")
            .order_by("status", "number", "pk"))


@login_required
def proxy_list(request, pk):
    """GET: the proxies and the application form; POST: record an application (clerks)."""
    election = access.get_election(request.user, pk, edit=request.method == "POST")
    form = ProxyApplyForm(request.POST or None, election=election)
    if request.method == "POST" and form.is_valid():
        proxy = run_service(request, proxy_apply, election=election, actor=request.user, form=form,
                            **form.cleaned_data)
        if proxy:
            messages.success(request, _("The application is recorded; the committee approves or refuses it."))
            return redirect("polling:proxy_detail", election.pk, proxy.pk)
    proxies = list(_proxies(election))
    held = {}
    for p in proxies:
        if p.is_active:
            held[p.holder_id] = held.get(p.holder_id, 0) + 1
    for p in proxies:
        p.holder_load = held.get(p.holder_id, 0)
    return render(request, "polling/proxy_list.html", page_context(
        request, election, form=form, proxies=proxies, deadline=proxy_deadline(election), today=clock.today(),
        no_proxies=election.method == Method.REPRESENTATIVE, max_held=election.rules.proxy_max_authorisations,
        arranged=election.steps_done.filter(step="proxies_arranged").first()))


@login_required
@require_GET
def people_principals(request, pk):
    """Who may give a proxy (PRX-2, PRX-4), for the application form's picker."""
    return people_json(request, principal_pool(access.get_election(request.user, pk, edit=True)))


@login_required
@require_GET
def people_holders(request, pk):
    """Who may take on a proxy (PRX-4), for the application form's picker."""
    return people_json(request, holder_pool(access.get_election(request.user, pk, edit=True)))


def _proxy(election, proxy_pk):
    return get_object_or_404(_proxies(election), pk=proxy_pk)


@login_required
@require_GET
def proxy_detail(request, pk, proxy_pk):
    election = access.get_election(request.user, pk)
    proxy = _proxy(election, proxy_pk)
    history = (AuditLog.objects.filter(object_type="polling.Proxy", object_id=str(proxy.pk))
               .select_related("actor"))
    return render(request, "polling/proxy_detail.html", page_context(
        request, election, proxy=proxy, history=history, reason_form=ReasonForm(), today=clock.today(),
        issues=proxy.issues.select_related("station").order_by("issued_at")))


@login_required
@require_POST
def proxy_approve_view(request, pk, proxy_pk):
    election = access.get_election(request.user, pk, edit=True)
    proxy = _proxy(election, proxy_pk)
    form = DecisionDayForm(request.POST)
    if form.is_valid():
        run_service(request, proxy_approve, proxy=proxy, actor=request.user,
                    decided_on=form.cleaned_data["decided_on"],
                    success=_("The proxy is approved: print the certificate for the proxy."))
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("polling:proxy_detail", election.pk, proxy.pk)


def _decide(request, pk, proxy_pk, service, success):
    election = access.get_election(request.user, pk, edit=True)
    proxy = _proxy(election, proxy_pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    if "decided_on" in form.errors:
        messages.error(request, "；".join(form.errors["decided_on"]))
    else:
        run_service(request, service, proxy=proxy, actor=request.user, reason=data.get("reason", ""),
                    decided_on=data["decided_on"], success=success)
    return redirect("polling:proxy_detail", election.pk, proxy.pk)


@login_required
@require_POST
def proxy_refuse_view(request, pk, proxy_pk):
    return _decide(request, pk, proxy_pk, proxy_refuse, _("The application is refused."))


@login_required
@require_POST
def proxy_revoke_view(request, pk, proxy_pk):
    return _decide(request, pk, proxy_pk, proxy_revoke, _("The proxy is withdrawn."))


@login_required
@require_POST
def proxies_arranged_view(request, pk):
    election = access.get_election(request.user, pk, edit=True)
    form = ArrangedForm(request.POST)
    if form.is_valid():
        run_service(request, proxies_arranged, election=election, actor=request.user, on=form.cleaned_data["on"],
                    success=_("Proxy voting is marked as arranged on the checklist."))
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("polling:proxies", election.pk)


@login_required
@require_GET
def proxy_certificate(request, pk, proxy_pk):
    """The certificate (委托投票证) of one approved proxy."""
    election = access.get_election(request.user, pk)
    proxy = get_object_or_404(_proxies(election), pk=proxy_pk, status=Proxy.Status.APPROVED)
    pdf = proxy_certificate_pdf(proxy)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = document_filename(election, f"proxy-certificate-{proxy.number:03d}")
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=name)
    return response


@login_required
@require_GET
def holder(request, pk, reg_pk):
    """What a voter holds as a proxy (PRX-4), and whether each principal's ballot was collected."""
    election = access.get_election(request.user, pk)
    registration = get_object_or_404(Registration.objects.select_related("resident__group"),
                                     election=election, pk=reg_pk)
    held = list(_proxies(election).filter(holder=registration))
    given = _proxies(election).filter(principal=registration).first()
    round_obj = current_round(election)
    issues = issues_by_registration(round_obj, [p.principal for p in held] + [registration])
    for p in held:
        p.issue = issues.get(p.principal_id)
    return render(request, "polling/holder.html", page_context(
        request, election, registration=registration, resident=registration.resident, held=held, given=given,
        own_issue=issues.get(registration.pk), round=round_obj,
        max_held=election.rules.proxy_max_authorisations))
