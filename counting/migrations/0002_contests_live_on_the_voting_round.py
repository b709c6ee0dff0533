from django.db import migrations


def contests_to_the_voting_round(apps, schema_editor):
    """What a round's ballot holds is polling's now (its ballots print from it): copy each count's contests."""
    CountRound = apps.get_model("counting", "CountRound")
    Round = apps.get_model("polling", "Round")
    for count_round in CountRound.objects.exclude(contests=[]):
        Round.objects.filter(pk=count_round.round_id).update(contests=count_round.contests)


def contests_back(apps, schema_editor):
    CountRound = apps.get_model("counting", "CountRound")
    Round = apps.get_model("polling", "Round")
    for count_round in CountRound.objects.all():
        count_round.contests = Round.objects.get(pk=count_round.round_id).contests
        count_round.save(update_fields=["contests"])


class Migration(migrations.Migration):

    dependencies = [
        ("counting", "0001_initial"),
        ("polling", "0003_round_voting_day_and_contests"),
    ]

    operations = [
        migrations.RunPython(contests_to_the_voting_round, contests_back),
        migrations.RemoveField(
            model_name="countround",
            name="contests",
        ),
    ]
