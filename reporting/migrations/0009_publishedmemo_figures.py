"""Each published version keeps the figures it states (open data shows them).

A version published before this keeps the memo's snapshot when that snapshot is provably the one
it was published with (taken no later than the version was published; publishing is refused
while the figures differ from the snapshot); otherwise it keeps none."""

from django.db import migrations, models


def figures_of_published_versions(apps, schema_editor):
    PublishedMemo = apps.get_model("reporting", "PublishedMemo")
    for version in PublishedMemo.objects.select_related("memo").filter(figures__isnull=True):
        memo = version.memo
        if (
            memo.figures_snapshot
            and memo.figures_drafted_at is not None
            and memo.figures_drafted_at <= version.published_at
        ):
            # The historical model has no immutability guard: a plain UPDATE of the new column.
            PublishedMemo.objects.filter(pk=version.pk).update(figures=memo.figures_snapshot)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0008_cache_table"),
    ]

    operations = [
        migrations.AddField(
            model_name="publishedmemo",
            name="figures",
            field=models.JSONField(blank=True, null=True, verbose_name="siffror vid publiceringen"),
        ),
        migrations.RunPython(figures_of_published_versions, migrations.RunPython.noop),
    ]
