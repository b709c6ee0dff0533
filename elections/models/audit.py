"""The append-only audit log: who changed what election data, when, before → after."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..privacy import mask_private


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.mask_private()
        return super().bulk_create(objs, *args, **kwargs)


class AuditLog(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("by"))
    action = models.CharField(_("action"), max_length=80, db_index=True)
    election = models.ForeignKey("Election", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="audit_entries", verbose_name=_("election"))
    community = models.ForeignKey("Community", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="audit_entries", verbose_name=_("community"))
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["election", "-at"], name="audit_election_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        self.mask_private()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def mask_private(self):
        """Identity and phone numbers masked before the entry is kept (elections/privacy.py, VOT-7)."""
        self.before, self.after, self.data = (mask_private(self.before), mask_private(self.after),
                                              mask_private(self.data))

    def changes(self, reveal_private=False):
        """[(field, before, after)] for the fields that differ; identity and phone numbers masked unless
        `reveal_private` (entries written before masking still hold them in full)."""
        before, after = self.before or {}, self.after or {}
        if not reveal_private:
            before, after = mask_private(before), mask_private(after)
        keys = list(dict.fromkeys([*before, *after]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    def shown_data(self, reveal_private=False):
        return self.data if reveal_private else mask_private(self.data)
