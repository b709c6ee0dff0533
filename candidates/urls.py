"""URLs of nominations and candidates (CAN-1…CAN-10), under the elections' own paths (/elections/<pk>/…). The
PDFs (kinds `candidates` and `candidate-introductions`) are served by the election_document URL."""
from django.urls import path

from . import views

app_name = "candidates"

E = "elections/<int:pk>/"
N = E + "nominees/<int:nominee_pk>/"

urlpatterns = [
    path(E + "nominations/", views.nominations, name="election_nominations"),
    path(E + "nominations/new/", views.nomination_new, name="nomination_new"),
    path(N, views.nominee_detail, name="nominee_detail"),
    path(N + "accept/", views.nominee_accept, name="nominee_accept"),
    path(N + "override/", views.nominee_override, name="nominee_override"),
    path(N + "update/", views.nominee_update, name="nominee_update"),
    path(N + "introductions/", views.nominee_introductions, name="nominee_introductions"),
    path(N + "relations/", views.relation_add, name="relation_add"),
    path(E + "relations/<int:relation_pk>/delete/", views.relation_delete, name="relation_delete"),
    path(E + "negative-checks/<int:check_pk>/", views.negative_check, name="negative_check"),
    path(E + "negative-checks/<int:check_pk>/resolve/", views.negative_resolve, name="negative_resolve"),
    path(E + "candidates/", views.candidates, name="election_candidates"),
    path(E + "candidates/meeting/", views.candidates_meeting, name="candidates_meeting"),
    path(E + "candidates/post/", views.candidates_post, name="candidates_post"),
    path(E + "candidates/<int:candidate_pk>/withdraw/", views.candidate_withdraw, name="candidate_withdraw"),
]
