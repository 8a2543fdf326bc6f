"""The one-time tokens of forms that save, so that a form sent twice saves once."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0009_year_events_and_names_of_the_year"),
    ]

    operations = [
        migrations.CreateModel(
            name="FormToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.UUIDField(verbose_name="formulärets nyckel")),
                (
                    "redirect_url",
                    models.CharField(
                        blank=True, max_length=2000, verbose_name="sidan efter sparandet"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="sparat"),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="användare",
                    ),
                ),
            ],
            options={
                "verbose_name": "sparat formulär",
                "verbose_name_plural": "sparade formulär",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "token"), name="form_token_once_per_user"
                    )
                ],
            },
        ),
    ]
