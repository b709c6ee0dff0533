from django.urls import path

from .document_views import document_pdf
from .views import accounts, audit, calendar, communities, election, manage, profiles

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
    path("elections/<int:pk>/audit/", audit.election_audit, name="election_audit"),
    path("audit/", audit.audit_trail, name="audit_trail"),
    path("elections/<int:pk>/documents/<slug:kind>.pdf", document_pdf, name="election_document"),
    path("profiles/", profiles.profile_list, name="profile_list"),
    path("profiles/<int:pk>/", profiles.profile_detail, name="profile_detail"),
    path("profiles/<int:pk>/copy/", profiles.profile_copy_view, name="profile_copy"),
    path("profiles/<int:pk>/edit/", profiles.profile_edit, name="profile_edit"),
    path("calendar/", calendar.calendar_years, name="calendar_years"),
    path("accounts/lockouts/", accounts.login_lockouts, name="login_lockouts"),
    path("accounts/lockouts/unlock/", accounts.login_lockout_release_view, name="login_lockout_release"),
]

urlpatterns += [
    path("manage/", manage.organisations, name="manage_organisations"),
    path("manage/streets/new/", manage.street_create_view, name="manage_street_create"),
    path("manage/streets/<str:code>/", manage.street_detail, name="manage_street"),
    path("manage/streets/<str:code>/edit/", manage.street_edit, name="manage_street_edit"),
    path("manage/streets/<str:code>/communities/new/", manage.community_create_view,
         name="manage_community_create"),
    path("manage/communities/<str:code>/edit/", manage.community_edit, name="manage_community_edit"),
    path("manage/users/", manage.user_list, name="manage_users"),
    path("manage/users/new/", manage.user_create_view, name="manage_user_create"),
    path("manage/users/<int:pk>/", manage.user_detail, name="manage_user"),
    path("manage/users/<int:pk>/edit/", manage.user_edit, name="manage_user_edit"),
    path("manage/users/<int:pk>/roles/add/", manage.user_role_add, name="manage_user_role_add"),
    path("manage/users/<int:pk>/roles/<int:role_pk>/remove/", manage.user_role_remove,
         name="manage_user_role_remove"),
    path("manage/users/<int:pk>/disable/", manage.user_disable_view, name="manage_user_disable"),
    path("manage/users/<int:pk>/enable/", manage.user_enable_view, name="manage_user_enable"),
    path("manage/users/<int:pk>/password/", manage.user_password_reset_view, name="manage_user_password"),
    path("elections/<int:pk>/counters/", manage.election_counters, name="election_counters"),
]
