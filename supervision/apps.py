from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """The top floor (DESIGN: layers): the home page per role and the supervisors' view of their communities,
    which read every app below (checklist and deadlines, election-day quorum, results), and the demo data,
    which sets up every floor. Nothing imports from here."""

    name = "supervision"
    verbose_name = _("Supervision")
    default_auto_field = "django.db.models.BigAutoField"
