"""The table of the cache shared by every process (settings.CACHES, the database backend).

Made here so that every way of creating the database (``migrate`` on start, the tests' database,
the benchmarks') has it without a separate ``createcachetable`` step."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Creates the table of each database cache in settings.CACHES that does not exist yet.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0007_memo_reporting_year"),
    ]

    operations = [
        # Going back leaves the table: it holds nothing that must go with this migration.
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
