"""URLs of counting and results (VOTE-5…VOTE-14, AFT-1). The PDFs (kinds `results` and `results-report`) are
served by the elections app's election_document URL."""
from django.urls import path

from .views import count, results

app_name = "counting"

E = "elections/<int:pk>/"
R = E + "rounds/<int:number>/"
B = E + "boxes/<int:box_pk>/"
N = E + "entries/<int:entry_pk>/"

urlpatterns = [
    path(E, count.overview, name="overview"),
    path(E + "boxes/open/", count.box_open, name="box_open"),
    path(E + "next-round/", count.round_next, name="round_next"),
    path(E + "polls/reopen/", count.polls_reopen, name="polls_reopen"),
    path(R + "close/", count.round_close, name="round_close"),
    path(R + "reopen/", count.round_reopen, name="round_reopen"),
    path(B, count.box_detail, name="box"),
    path(B + "entry/", count.entry_start, name="entry_start"),
    path(B + "reopen/", count.box_reopen, name="box_reopen"),
    path(B + "resolve/", count.differences_resolve, name="resolve"),
    path(N, count.entry_page, name="entry"),
    path(N + "submit/", count.entry_submit, name="entry_submit"),
    path(N + "discard/", count.entry_discard, name="entry_discard"),
    path(N + "lines/<int:number>/", count.line_edit, name="line_edit"),
    path(N + "lines/<int:number>/delete/", count.line_delete, name="line_delete"),
    path(E + "results/", results.results_page, name="results"),
    path(E + "certify/", results.certify, name="certify"),
    path(E + "decisions/", results.decisions, name="decisions"),
]
