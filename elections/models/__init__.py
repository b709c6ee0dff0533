from .audit import AuditLog
from .calendar import CalendarYear
from .election import (CommitteeMember, Election, ElectionStateChange, Meeting, Method, Override, Position, Sex,
                       StepCompletion)
from .jobs import Job, WorkerHeartbeat
from .organisations import Community, District, Street
from .profiles import RuleProfile
from .roles import Role

__all__ = [
    "AuditLog", "CalendarYear", "CommitteeMember", "Community", "District", "Election", "ElectionStateChange",
    "Job", "Meeting", "Method", "Override", "Position", "RuleProfile", "Role", "Sex", "StepCompletion", "Street",
    "WorkerHeartbeat",
]
