from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("readouts", "0025_source_one_per_call"),
    ]

    operations = [
        migrations.AddField(
            model_name="savedsearch",
            name="seen_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
