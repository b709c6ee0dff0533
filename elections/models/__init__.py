from .accounts import Account
from .audit import AuditLog
from .calendar import CalendarYear
from .dates import BackdatedAct, DatedAct, NoticeRepost, Postponement
from .election import (CommitteeMember, Election, ElectionStateChange, Meeting, Method, Override, Position, Sex,
                       StepCompletion)
from .jobs import Job, WorkerHeartbeat
from .organisations import Community, District, Street
from .profiles import RuleProfile
from .roles import Role

__all__ = [
    "Account", "AuditLog", "BackdatedAct", "CalendarYear", "CommitteeMember", "Community", "DatedAct", "District", "Election",
    "ElectionStateChange", "Job", "Meeting", "Method", "NoticeRepost", "Override", "Position", "Postponement",
    "RuleProfile", "Role", "Sex", "StepCompletion", "Street", "WorkerHeartbeat",
]
