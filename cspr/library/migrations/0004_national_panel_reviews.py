"""A few of the National Panel's national reviews, by title, year and link only (the partnership
records the key findings it takes from them). Years as the toolkit gives them where it names them
(rules.md §4: "Out of Routine", "It was hard to escape" 2020)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

GOV = "https://www.gov.uk/government/publications/"
SEED = [
    (
        "Out of Routine: a review of sudden unexpected death in infancy (SUDI) in families where the children "
        "are considered at risk of significant harm",
        2020,
        GOV + "safeguarding-children-at-risk-from-sudden-unexpected-infant-death",
    ),
    (
        "It was hard to escape: safeguarding children at risk from criminal exploitation",
        2020,
        GOV + "safeguarding-children-at-risk-from-criminal-exploitation",
    ),
    (
        "Child Protection in England: national review into the murders of Arthur Labinjo-Hughes and Star Hobson",
        2022,
        GOV + "national-review-into-the-murders-of-arthur-labinjo-hughes-and-star-hobson",
    ),
    (
        "Safeguarding children with disabilities and complex health needs in residential settings",
        2022,
        GOV + "safeguarding-children-with-disabilities-in-residential-settings",
    ),
]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    review = apps.get_model("library", "NationalReview")
    for title, year, link in SEED:
        review.objects.get_or_create(partnership=None, title=title, defaults={"year": year, "link": link})


class Migration(migrations.Migration):
    dependencies = [("library", "0003_nationalreview_libraryreference_thematicreview_and_more")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
