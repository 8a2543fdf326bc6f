"""The imported EU records' acronym and title as searched (case folded in Python), so that a
search finds "GRÖN" as "grön" alike on SQLite and PostgreSQL."""

from django.db import migrations, models


def search_key(text):
    # As projects.eu_data.identifiers.search_key at the time of this migration.
    return " ".join((text or "").split()).casefold()


def fill_keys(apps, schema_editor):
    record_model = apps.get_model("projects", "EuProjectRecord")
    for record in record_model.objects.only("pk", "acronym", "title").iterator():
        record.acronym_key = search_key(record.acronym)[:60]
        record.title_key = search_key(record.title)[:500]
        record.save(update_fields=["acronym_key", "title_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0022_organisation_logo_kept"),
    ]

    operations = [
        migrations.AddField(
            model_name="euprojectrecord",
            name="acronym_key",
            field=models.CharField(blank=True, editable=False, max_length=60),
        ),
        migrations.AddField(
            model_name="euprojectrecord",
            name="title_key",
            field=models.CharField(blank=True, editable=False, max_length=500),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
