"""The common themes every partnership starts with: the toolkit's examples (§8.2.2, Document 4's
themes) and the themes the National Panel's annual reports return to. A partnership adds its own."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

COMMON = [
    ("Professional curiosity", "Why practitioners did or did not ask the second question (toolkit §8.2.2)."),
    ("Voice of the child", "The child's lived experience heard, recorded and acted on."),
    ("Information sharing", "Between agencies, and within them."),
    ("Multi-agency working", "Agencies working together, escalation and challenge."),
    ("Neglect", ""),
    ("Domestic abuse", ""),
    ("Parental mental health", ""),
    ("Parental substance misuse", ""),
    ("Child criminal exploitation", ""),
    ("Child sexual exploitation", ""),
    ("Extra-familial harm", "Harm outside the home, including adolescents at risk."),
    ("Race, ethnicity and culture", "Identity, culture, language and faith and how they intersect."),
    ("Fathers and male carers", "Men in the household known or unseen by agencies."),
    ("Children with disabilities", ""),
    ("Sudden unexpected death in infancy", "Including safer sleep (National Panel: Out of Routine)."),
    ("Non-accidental injury in infants", ""),
    ("Online harm", ""),
    ("Assessment and thresholds", ""),
    ("Recording and record keeping", ""),
    ("Supervision and management oversight", ""),
    ("Housing and moves", ""),
    ("Education and children missing education", "Including elective home education."),
]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    theme = apps.get_model("library", "Theme")
    for name, description in COMMON:
        theme.objects.get_or_create(partnership=None, name=name, defaults={"description": description})


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
