"""Draft files are kept per the year's data version instead of a hash of the figures (a file
kept under an old key is simply made again when asked for), and the table of the cache that
keeps what is computed per data version (settings.CACHES["figures"])."""

from django.core.management import call_command
from django.db import migrations, models


def create_cache_tables(apps, schema_editor):
    # Creates the table of each database cache in settings.CACHES that does not exist yet.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0015_data_version"),
        ("reporting", "0010_memorender_incomplete_basis_accepted"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="memorender",
            name="figures_hash",
        ),
        migrations.AddField(
            model_name="memorender",
            name="data_version",
            field=models.PositiveBigIntegerField(
                default=0, verbose_name="version av årets uppgifter"
            ),
        ),
        # Going back leaves the table: it holds nothing that must go with this migration.
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop),
    ]
