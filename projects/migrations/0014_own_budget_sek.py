# The organisation's share of a project's budget was named after one city: the column and its
# constraints get the name of what they hold. RenameField keeps every value.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0013_review_comment_targets"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="projectreport",
            name="report_malmo_budget_non_negative",
        ),
        migrations.RemoveConstraint(
            model_name="projectreport",
            name="report_malmo_share_within_total",
        ),
        migrations.RenameField(
            model_name="projectreport",
            old_name="malmo_budget_sek",
            new_name="own_budget_sek",
        ),
        migrations.RenameField(
            model_name="historicalprojectreport",
            old_name="malmo_budget_sek",
            new_name="own_budget_sek",
        ),
        migrations.AddConstraint(
            model_name="projectreport",
            constraint=models.CheckConstraint(
                condition=models.Q(("own_budget_sek__gte", 0)),
                name="report_own_budget_non_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="projectreport",
            constraint=models.CheckConstraint(
                condition=models.Q(("own_budget_sek__lte", models.F("total_budget_sek"))),
                name="report_own_share_within_total",
            ),
        ),
    ]
