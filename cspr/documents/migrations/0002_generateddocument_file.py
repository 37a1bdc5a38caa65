# Generated versions' bytes move to the document store (decision 0032); older rows keep theirs in
# the same database column, now the field ``stored_bytes``.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="generateddocument",
            name="content",
            field=models.BinaryField(blank=True, db_column="content", default=b""),
        ),
        migrations.RenameField(
            model_name="generateddocument",
            old_name="content",
            new_name="stored_bytes",
        ),
        migrations.AddField(
            model_name="generateddocument",
            name="file",
            field=models.FileField(blank=True, max_length=300, upload_to="documents/"),
        ),
    ]
