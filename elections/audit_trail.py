"""Reading the audit trail (issue 11, item 5): which entries a user may read, the filters (election, person,
action, date range) and the `.xlsx` export of what the filters keep, for the archive."""
import io

from django import forms
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from . import access
from .audit_display import action_labels, describe
from .models import AuditLog
from .spreadsheets import xlsx_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 100_000


def readable_entries(user):
    """Entries of the communities the user sees; entries about no community (streets, the district's users,
    logins) only for district administrators."""
    entries = AuditLog.objects.select_related("actor", "election__community", "community")
    if user.is_superuser:
        return entries
    scope = Q(community__in=access.visible_communities(user))
    if access.is_district_admin(user):
        scope |= Q(community__isnull=True)
    return entries.filter(scope)


class AuditFilterForm(forms.Form):
    community = forms.CharField(label=_("Community code"), max_length=12, required=False)
    election = forms.IntegerField(label=_("Election no."), required=False, min_value=1)
    person = forms.CharField(label=_("By (name or user name)"), max_length=150, required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, fixed_election=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = sorted(((str(label), action) for action, label in action_labels().items()))
        self.fields["action"].choices = [("", _("Every action"))] + [(a, label) for label, a in labels]
        if fixed_election is not None:
            del self.fields["community"], self.fields["election"]
        for name, item in self.fields.items():
            item.widget.attrs["class"] = "form-select form-select-sm" if name == "action" else \
                "form-control form-control-sm"

    def filter(self, entries):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("community"):
            entries = entries.filter(community__code=data["community"].strip())
        if data.get("election"):
            entries = entries.filter(election_id=data["election"])
        if data.get("person"):
            words = data["person"].strip()
            entries = entries.filter(Q(actor__first_name__icontains=words) | Q(actor__last_name__icontains=words)
                                     | Q(actor__username__iexact=words))
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("since"):
            entries = entries.filter(at__date__gte=data["since"])
        if data.get("until"):
            entries = entries.filter(at__date__lte=data["until"])
        return entries


HEADERS = ["时间", "操作人", "操作人角色", "操作", "社区", "选举", "对象", "变更（前 → 后）", "详情"]
WIDTHS = [20, 14, 18, 24, 16, 10, 30, 60, 40]


def audit_xlsx(entries, *, reveal_private=False):
    """The filtered trail as a spreadsheet, in words as on screen (Chinese whatever the UI language)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("审计日志")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_bold(sheet, header, bold) for header in HEADERS])
    with translation.override("zh-hans"):
        chunk = []
        for entry in entries[:EXPORT_LIMIT].iterator(chunk_size=1000):
            chunk.append(entry)
            if len(chunk) == 1000:
                _rows(sheet, chunk, reveal_private)
                chunk = []
        _rows(sheet, chunk, reveal_private)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(sheet, value, font):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def _rows(sheet, entries, reveal_private):
    for shown in describe(entries, reveal_private=reveal_private):
        e = shown.entry
        sheet.append(xlsx_row(sheet, [
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), shown.actor, shown.actor_roles, shown.action,
            e.community.name if e.community_id else "",
            e.election_id or "", e.object_repr,
            "\n".join(f"{label}：{old} → {new}" for label, old, new in shown.changes),
            "\n".join(f"{label}：{value}" for label, value in shown.details)]))
