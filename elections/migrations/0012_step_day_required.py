from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("elections", "0011_step_days_and_backdate_setting")]
    operations = [migrations.AlterField(model_name="stepcompletion", name="done_on", field=models.DateField())]
