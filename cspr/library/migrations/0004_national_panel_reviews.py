"""A few of the National Panel's national reviews, by title, year and link only (the partnership
records the key findings it takes from them). Years as the toolkit gives them where it names them
(rules.md §4: "Out of Routine", "It was hard to escape" 2020)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from cspr.library.reference_data import NATIONAL_REVIEWS


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    review = apps.get_model("library", "NationalReview")
    for title, year, link in NATIONAL_REVIEWS:
        review.objects.get_or_create(partnership=None, title=title, defaults={"year": year, "link": link})


class Migration(migrations.Migration):
    dependencies = [("library", "0003_nationalreview_libraryreference_thematicreview_and_more")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
