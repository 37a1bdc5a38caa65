"""The common themes every partnership starts with: the toolkit's examples (§8.2.2, Document 4's
themes) and the themes the National Panel's annual reports return to. A partnership adds its own."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from cspr.library.reference_data import COMMON


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    theme = apps.get_model("library", "Theme")
    for name, description in COMMON:
        theme.objects.get_or_create(partnership=None, name=name, defaults={"description": description})


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
