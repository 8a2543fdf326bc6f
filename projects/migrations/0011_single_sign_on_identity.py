"""Single sign-on binds an account to the Entra ID tenant and object id, not the e-mail address."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0010_form_token"),
    ]

    operations = [
        migrations.AlterField(
            model_name="loginevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("login", "Inloggning"),
                    ("failed", "Misslyckad inloggning"),
                    ("locked_out", "Spärrad inloggning"),
                    ("logout", "Utloggning"),
                    ("role_changed", "Ändrad roll"),
                    ("unlocked", "Hävd spärr"),
                    ("sso_linked", "Kopplad inloggning med Malmö stad-konto"),
                ],
                max_length=16,
                verbose_name="händelse",
            ),
        ),
        migrations.CreateModel(
            name="SingleSignOnIdentity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("tenant_id", models.UUIDField(verbose_name="tenant-id")),
                ("object_id", models.UUIDField(verbose_name="objekt-id")),
                (
                    "email",
                    models.CharField(
                        blank=True, max_length=254, verbose_name="e-postadress i inloggningen"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="namn i inloggningen"
                    ),
                ),
                (
                    "requested_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="senaste inloggningsförsök"
                    ),
                ),
                ("linked_at", models.DateTimeField(blank=True, null=True, verbose_name="kopplad")),
                (
                    "linked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="kopplad av",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sso_identities",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="användare",
                    ),
                ),
            ],
            options={
                "verbose_name": "inloggning med Malmö stad-konto",
                "verbose_name_plural": "inloggningar med Malmö stad-konto",
                "ordering": ["requested_at", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("tenant_id", "object_id"), name="sso_identity_one_account"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("linked_by__isnull", True),
                            ("linked_at__isnull", False),
                            _connector="OR",
                        ),
                        name="sso_identity_linked_by_needs_linked_at",
                    ),
                ],
            },
        ),
    ]
