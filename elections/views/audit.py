"""The audit trail in words, filtered, and its `.xlsx` export (issue 11, item 5): across every community the
user sees, and one election's (the election's "Audit log" tab)."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .. import access
from ..audit_display import describe
from ..audit_trail import XLSX, AuditFilterForm, audit_xlsx, readable_entries
from ._helpers import election_context, paginate


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _page(request, entries, form, reveal, **context):
    page = paginate(request, form.filter(entries), 50)
    return {"page": page, "shown": describe(page, reveal_private=reveal), "form": form,
            "query": _query_without_page(request), **context}


def _export(entries, form, reveal, name):
    response = HttpResponse(audit_xlsx(form.filter(entries), reveal_private=reveal), content_type=XLSX)
    response["Content-Disposition"] = (f'attachment; filename="audit-{name}-'
                                       f'{timezone.localdate():%Y%m%d}.xlsx"')
    return response


@login_required
def audit_trail(request):
    form = AuditFilterForm(request.GET or None)
    entries = readable_entries(request.user)
    if request.GET.get("format") == "xlsx":
        return _export(entries, form, False, "trail")
    return render(request, "elections/audit_log.html", _page(request, entries, form, False, can_edit=False))


@login_required
def election_audit(request, pk):
    election = access.get_election(request.user, pk)
    # Entries written before masking on entry hold full numbers: only the community's own clerks see them.
    reveal = access.can_edit_election(request.user, election)
    form = AuditFilterForm(request.GET or None, fixed_election=election)
    entries = election.audit_entries.select_related("actor", "election__community", "community")
    if request.GET.get("format") == "xlsx":
        return _export(entries, form, reveal, f"election-{election.pk}")
    return render(request, "elections/audit_log.html", election_context(
        request, election, **_page(request, entries, form, reveal)))
