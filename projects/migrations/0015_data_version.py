"""A reporting year's data version (raised by every write that changes what its figures read)."""

from django.db import migrations, models

import projects.models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0014_own_budget_sek"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportingyear",
            name="data_version",
            field=models.PositiveBigIntegerField(
                default=projects.models.first_data_version,
                editable=False,
                verbose_name="version av årets uppgifter",
            ),
        ),
    ]
