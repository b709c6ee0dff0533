"""The home page and the communities dashboard. Their names stay un-namespaced (`home`, `community_list`): they
are the site's entry points (LOGIN_REDIRECT_URL, the navigation bar)."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("communities/", views.community_list, name="community_list"),
    path("district/", views.district_dashboard, name="district_dashboard"),
    path("district/statistics.xlsx", views.district_export, name="district_export"),
]
