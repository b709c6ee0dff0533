"""Writes of election day, one small keyword-only function per action (STYLE): each checks its rules of
RULES.md, runs in a transaction, locks what two clerks can collide on, and writes the audit log."""
