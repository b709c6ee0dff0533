"""Writes to nominations and candidates go through these functions: each checks the rules, runs in one
transaction and writes the audit log."""
