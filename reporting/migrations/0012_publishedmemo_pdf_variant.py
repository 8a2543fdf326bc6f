from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0011_data_version"),
    ]

    operations = [
        # Every version published before was written as PDF/UA-1; its stored file is kept as
        # it is.
        migrations.AddField(
            model_name="publishedmemo",
            name="pdf_variant",
            field=models.CharField(
                choices=[("pdf/a-2a", "PDF/A-2a"), ("pdf/ua-1", "PDF/UA-1")],
                default="pdf/ua-1",
                editable=False,
                max_length=12,
                verbose_name="PDF-standard",
            ),
            preserve_default=False,
        ),
    ]
