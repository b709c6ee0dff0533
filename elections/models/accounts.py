"""What the app keeps about a user beyond Django's User: the phone to reach them, who created the account, and
whether the password is still the one-time password given to its creator (changed at the first login)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Account(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="account", verbose_name=_("user"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    must_change_password = models.BooleanField(_("must change the one-time password"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("created by"))
    disabled_reason = models.CharField(_("reason for disabling"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self):
        return str(self.user)
