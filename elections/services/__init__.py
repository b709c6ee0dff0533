"""Writes to election data go through these functions: each checks the rules, runs in one transaction and
writes the audit log. Views call them; they never touch models directly."""
