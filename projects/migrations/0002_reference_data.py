from django.db import migrations

from projects.reference_data import ensure_reference_data


def load(apps, schema_editor):
    ensure_reference_data(
        apps.get_model("projects", "Administration"),
        apps.get_model("projects", "CouncilGoal"),
        apps.get_model("projects", "FundingProgramme"),
    )


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
