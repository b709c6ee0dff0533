"""Dates the law counts (RULES CAL-4, CAL-5): acts entered more than a few days after the day they are dated,
and the street office's postponements of election day with the notices they send back to the notice board."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import clock
from .election import Election


class DatedAct(models.TextChoices):
    """Every act the law dates (CAL-5). Their prerequisites are in one table: elections/acts.py ACTS."""

    MEETING_COMMITTEE = "meeting_committee", _("the meeting that chose the election committee")
    MEETING_METHOD = "meeting_method", _("the meeting that decided the election method")
    MEETING_CANDIDATES = "meeting_candidates", _("the meeting that decided the formal candidates")
    MEETING_OTHER = "meeting_other", _("a representatives meeting")
    VOTER_LIST_POSTED = "voter_list_posted", _("posting the voter list")
    VOTER_LIST_REPOSTED = "voter_list_reposted", _("posting the voter list again")
    SUPPLEMENTARY_LIST_POSTED = "supplementary_list_posted", _("posting a supplementary list")
    LIST_CHANGE = "list_change", _("an addition to or removal from the posted list")
    OBJECTION_RECEIVED = "objection_received", _("receiving an objection")
    OBJECTION_DECIDED = "objection_decided", _("deciding an objection")
    OBJECTIONS_CLOSED = "objections_closed", _("closing the objection period")
    NOMINATION = "nomination", _("a nomination")
    CANDIDATES_POSTED = "candidates_posted", _("posting the formal candidates")
    CANDIDATES_REPOSTED = "candidates_reposted", _("posting the formal candidates again")
    PROXY_APPLIED = "proxy_applied", _("a proxy application")
    PROXY_DECIDED = "proxy_decided", _("the committee's decision on a proxy")
    PROXIES_ARRANGED = "proxies_arranged", _("closing the proxy arrangements")
    ABSENCE_DECLARED = "absence_declared", _("a voter's declaration of absence")
    POSTPONEMENT = "postponement", _("the street office's postponement decision")
    ELECTION_NOTICE_REPOSTED = "election_notice_reposted", _("posting the election announcement again")


class BackdatedAct(models.Model):
    """An act dated more than the profile's days (CAL-5, seed: 3) before it was entered: accepted, flagged to
    the street-office supervisor, who may acknowledge it."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="backdated_acts",
                                 verbose_name=_("election"))
    act = models.CharField(_("act"), max_length=40, choices=DatedAct.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(_("concerning"), max_length=200, blank=True)
    day = models.DateField(_("dated"))
    entered_at = models.DateTimeField(_("entered at"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("entered by"))
    days_back = models.PositiveSmallIntegerField(_("days between the act and its entry"))
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+",
                                        verbose_name=_("acknowledged by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledgement_note = models.TextField(_("supervisor's note"), blank=True)

    class Meta:
        verbose_name = _("back-dated act")
        verbose_name_plural = _("back-dated acts")
        ordering = ["-entered_at", "-id"]
        constraints = [
            models.CheckConstraint(name="backdated_act_entered_later", condition=Q(days_back__gt=0)),
            models.CheckConstraint(name="backdated_act_acknowledged_with_who_and_when",
                                   condition=Q(acknowledged_at__isnull=True)
                                   | Q(acknowledged_by__isnull=False)),
        ]

    def __str__(self):
        return f"{self.get_act_display()} {self.day}"

    @property
    def acknowledged(self):
        return self.acknowledged_at is not None


class Postponement(models.Model):
    """改期 (CAL-4): once the voter list is posted, election day moves only by a street-office decision."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="postponements",
                                 verbose_name=_("election"))
    old_date = models.DateField(_("former election day"))
    new_date = models.DateField(_("new election day"))
    reason = models.TextField(_("reason"))
    document_number = models.CharField(_("document number (文号)"), max_length=100)
    decided_on = models.DateField(_("date of the decision"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("postponement")
        verbose_name_plural = _("postponements")
        ordering = ["election", "entered_at", "id"]
        constraints = [
            models.CheckConstraint(name="postponement_has_reason", condition=~Q(reason="")),
            models.CheckConstraint(name="postponement_has_document_number", condition=~Q(document_number="")),
            models.CheckConstraint(name="postponement_moves_the_day", condition=~Q(new_date=models.F("old_date"))),
        ]

    def __str__(self):
        return f"{self.old_date} → {self.new_date}（{self.document_number}）"


class NoticeRepost(models.Model):
    """A posted notice that a postponement sends back to the notice board (CAL-4): its posting period no longer
    fits the new day, or it prints the former day. Open until the notice is posted again."""

    class Notice(models.TextChoices):
        VOTER_LIST = "voter_list", _("Voter list")
        CANDIDATES = "candidates", _("Formal candidates")
        ELECTION_NOTICE = "election_notice", _("Election announcement")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="notice_reposts",
                                 verbose_name=_("election"))
    postponement = models.ForeignKey(Postponement, on_delete=models.CASCADE, related_name="reposts",
                                     verbose_name=_("postponement"))
    notice = models.CharField(_("notice"), max_length=20, choices=Notice.choices)
    # The day the notice was last posted before the postponement (none for the election announcement, whose
    # posting is not recorded: it is posted again because it prints the former day).
    posted_on = models.DateField(_("posted on"), null=True, blank=True)
    reposted_on = models.DateField(_("posted again on"), null=True, blank=True)
    reposted_at = models.DateTimeField(_("entered at"), null=True, blank=True)
    reposted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("posted again by"))

    class Meta:
        verbose_name = _("notice to be posted again")
        verbose_name_plural = _("notices to be posted again")
        ordering = ["election", "postponement", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "notice"], condition=Q(reposted_on__isnull=True),
                                    name="notice_repost_one_open_per_notice"),
        ]

    def __str__(self):
        return str(self.message)

    @property
    def is_open(self):
        return self.reposted_on is None

    @property
    def message(self):
        """What the election page and the checklist say, e.g. 选民名单须重新张贴：原张贴日2026-12-08距新选举日
        2026-12-16不足10日."""
        # The new day is election day as it stands (a later postponement may have moved it again).
        rules, new_day = self.election.rules, self.election.election_date
        if self.notice == self.Notice.ELECTION_NOTICE:
            return _("The election announcement must be posted again: it prints the former election day "
                     "%(old)s; the new one is %(new)s.") % {"old": self.postponement.old_date.isoformat(),
                                                            "new": new_day.isoformat()}
        days = (rules.voter_list_days_before if self.notice == self.Notice.VOTER_LIST
                else rules.candidates_days_before)
        template = (_("The voter list must be posted again: it was posted on %(posted)s, less than %(n)s days "
                      "before the new election day %(new)s.") if self.notice == self.Notice.VOTER_LIST else
                    _("The formal candidates must be posted again: they were posted on %(posted)s, less than "
                      "%(n)s days before the new election day %(new)s."))
        return template % {"posted": self.posted_on.isoformat() if self.posted_on else "—", "n": days,
                           "new": new_day.isoformat()}
