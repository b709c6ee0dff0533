"""Data: the day of each checklist step already done is the local day it was entered (the only day known), and
both shipped profiles flag acts dated more than 3 days before their entry (CAL-5)."""
from django.db import migrations
from django.utils import timezone


def fill(apps, schema_editor):
    StepCompletion = apps.get_model("elections", "StepCompletion")
    for step in StepCompletion.objects.filter(done_on__isnull=True).only("pk", "done_at"):
        step.done_on = timezone.localdate(step.done_at)
        step.save(update_fields=["done_on"])
    RuleProfile = apps.get_model("elections", "RuleProfile")
    RuleProfile.objects.filter(key__in=["seed-district-plan", "national-model"]).update(backdate_flag_days=3)


class Migration(migrations.Migration):
    dependencies = [("elections", "0010_dated_acts_and_postponements")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
