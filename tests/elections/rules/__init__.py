"""Rule profiles for the pure rule tests: unsaved RuleProfile instances with the numbers of the profiles the
system ships (migration 0002), so the tests follow the shipped numbers and the real attribute names."""
import importlib

from elections.models import RuleProfile

SHIPPED = importlib.import_module("elections.migrations.0002_shipped_rule_profiles")
FIELDS = {f.name for f in RuleProfile._meta.concrete_fields}


def profile(kind="seed", **changes):
    """An unsaved RuleProfile: 'seed' (seed-district-plan) or 'national' (national-model), with changes."""
    values = {"seed": SHIPPED.SEED, "national": SHIPPED.NATIONAL}[kind]
    return RuleProfile(**{k: v for k, v in {**values, **changes}.items() if k in FIELDS})
