"""Downloading an election's print documents as PDF (PRT). URL: elections/<pk>/documents/<kind>.pdf"""
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from . import documents
from .access import get_election
from .printing import PAPER_SIZES


@login_required
@require_GET
def document_pdf(request, pk, kind):
    """Anyone who may see the election may print its documents; each print is written to the audit log."""
    election = get_election(request.user, pk)
    paper = request.GET.get("paper") or None  # ?paper=A3 for a notice posted large
    edition = request.GET.get("edition") or None  # ?edition=2: one posting / round (as print_document --edition)
    if kind not in documents.kinds() or (paper and paper not in PAPER_SIZES):
        raise Http404
    try:
        pdf = documents.document_print(election=election, kind=kind, actor=request.user, paper=paper,
                                       edition=edition)
    except documents.DocumentUnavailable as exc:
        # A download link answers with the PDF or with a refusal saying why — never with another page.
        return render(request, "elections/document_unavailable.html", {
            "election": election, "community": election.community, "reason": str(exc),
            "title": documents.get_document(kind).title}, status=409)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = documents.document_filename(election, kind, edition)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
