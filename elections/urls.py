from django.urls import path

from .document_views import document_pdf
from .views import accounts, archive, calendar, communities, election, profiles

urlpatterns = [
    path("communities/<str:code>/", communities.community_detail, name="community_detail"),
    path("communities/<str:code>/deferral/", communities.community_deferral, name="community_deferral"),
    path("communities/<str:code>/elections/new/", communities.election_create_view, name="election_create"),
    path("elections/<int:pk>/", election.election_detail, name="election_detail"),
    path("elections/<int:pk>/edit/", election.election_edit, name="election_edit"),
    path("elections/<int:pk>/postpone/", election.election_postpone_view, name="election_postpone"),
    path("elections/<int:pk>/reposts/election-notice/", election.election_notice_repost_view,
         name="election_notice_repost"),
    path("elections/<int:pk>/backdated/<int:flag_pk>/acknowledge/", election.backdated_acknowledge_view,
         name="backdated_acknowledge"),
    path("elections/<int:pk>/transition/", election.election_transition_view, name="election_transition"),
    path("elections/<int:pk>/checklist/", election.election_checklist, name="election_checklist"),
    path("elections/<int:pk>/committee/", election.election_committee, name="election_committee"),
    path("elections/<int:pk>/committee/<int:member_pk>/leave/", election.committee_leave, name="committee_leave"),
    path("elections/<int:pk>/meetings/", election.election_meetings, name="election_meetings"),
    path("elections/<int:pk>/audit/", election.election_audit, name="election_audit"),
    path("elections/<int:pk>/documents/<slug:kind>.pdf", document_pdf, name="election_document"),
    path("elections/<int:pk>/archive/", archive.election_archive, name="election_archive"),
    path("elections/<int:pk>/archive/new/", archive.election_archive_request, name="election_archive_request"),
    path("elections/<int:pk>/archive/<int:job_pk>/status.json", archive.election_archive_status,
         name="election_archive_status"),
    path("elections/<int:pk>/archive/<int:job_pk>/archive.zip", archive.election_archive_download,
         name="election_archive_download"),
    path("profiles/", profiles.profile_list, name="profile_list"),
    path("profiles/<int:pk>/", profiles.profile_detail, name="profile_detail"),
    path("profiles/<int:pk>/copy/", profiles.profile_copy_view, name="profile_copy"),
    path("profiles/<int:pk>/edit/", profiles.profile_edit, name="profile_edit"),
    path("calendar/", calendar.calendar_years, name="calendar_years"),
    path("accounts/lockouts/", accounts.login_lockouts, name="login_lockouts"),
    path("accounts/lockouts/unlock/", accounts.login_lockout_release_view, name="login_lockout_release"),
]
