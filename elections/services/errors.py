"""Domain errors raised by services, each naming the rule of RULES.md it enforces."""
from dataclasses import dataclass

from django.core.exceptions import ValidationError


class RuleViolation(ValidationError):
    """A hard rule refuses the action. The message is for people (Chinese in the UI) and names the rule."""

    def __init__(self, rule, message, field=None):
        self.rule = rule
        text = f"{message}（{rule}）" if rule else str(message)
        super().__init__({field: [text]} if field else text)


@dataclass(frozen=True)
class RuleWarning:
    rule: str
    message: str


class NeedsOverride(ValidationError):
    """Warn-kind rules apply: the action proceeds only with a written reason (see `record_overrides`)."""

    def __init__(self, warnings):
        self.warnings = list(warnings)
        super().__init__([f"{w.message}（{w.rule}）" for w in self.warnings])
