from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.health import healthz
from elections.views.accounts import PasswordChange

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChange.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("voters/", include("voters.urls")),
    path("counting/", include("counting.urls")),
    path("polling/", include("polling.urls")),
    path("aftermath/", include("aftermath.urls")),
    path("", include("supervision.urls")),
    path("", include("elections.urls")),
    path("", include("candidates.urls")),
]
