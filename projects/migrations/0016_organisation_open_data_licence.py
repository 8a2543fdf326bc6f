from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0015_data_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="open_data_licence",
            field=models.CharField(
                choices=[
                    ("cc0-1.0", "CC0 1.0 (fri användning, inget erkännande krävs)"),
                    ("cc-by-4.0", "CC BY 4.0 (fri användning med erkännande)"),
                ],
                default="cc0-1.0",
                help_text="Licensen för de publicerade siffrorna i katalogen för dataportal.se.",
                max_length=10,
                verbose_name="licens för öppna data",
            ),
        ),
        migrations.AddField(
            model_name="historicalorganisation",
            name="open_data_licence",
            field=models.CharField(
                choices=[
                    ("cc0-1.0", "CC0 1.0 (fri användning, inget erkännande krävs)"),
                    ("cc-by-4.0", "CC BY 4.0 (fri användning med erkännande)"),
                ],
                default="cc0-1.0",
                help_text="Licensen för de publicerade siffrorna i katalogen för dataportal.se.",
                max_length=10,
                verbose_name="licens för öppna data",
            ),
        ),
    ]
