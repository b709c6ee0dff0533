"""The home page, the street dashboard and the supervisors' review of one election. Their names stay
un-namespaced (`home`, `community_list`): they are the site's entry points (LOGIN_REDIRECT_URL, the navigation
bar)."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("communities/", views.community_list, name="community_list"),
    path("elections/<int:pk>/review/", views.election_review, name="election_review"),
    path("elections/<int:pk>/overrides/<int:override_pk>/review/", views.override_review_view,
         name="override_review"),
    path("district/", views.district_dashboard, name="district_dashboard"),
    path("district/statistics.xlsx", views.district_export, name="district_export"),
]
