"""The report drafts of the demo world (loaded, not worked: rows written directly). Idempotent.

- DEMO-8 (report stage): draft 1 still naming the Dummyfamily family in the body, a table, the
  header, a footnote, a comment, a tracked change and the document properties, with its findings.
- DEMO-9 (to be published): a final clean draft using the glossary's pseudonym and relationships,
  the glossary saved and its publishable version made.

The executive summary's length is measured on upload (LibreOffice); seeding does not start it, so
these two drafts show it as not measured until a draft is uploaded through the page.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile

from cspr.accounts.models import User
from cspr.cases.models import Case, Person, PersonRole
from cspr.report import checks, examples, glossary, rewrite, sample
from cspr.report.actions import findings_of
from cspr.report.models import Draft, GlossaryEntry, Publishable

UPLOADER = "reviewer@demo.cspr.invalid"


def _store(case: Case, data: bytes, name: str) -> Draft:
    result = checks.run(case, data, convert=None)
    digest = hashlib.sha256(data).hexdigest()
    draft = Draft(
        case=case,
        number=1,
        original_name=name,
        size=len(data),
        sha256=digest,
        uploaded_by=User.objects.filter(email=UPLOADER).first(),
        findings=[f.as_json() for f in result.findings],
        structure=[c.as_json() for c in result.structure],
    )
    draft.file.save(f"{case.pk}/{digest}.docx", ContentFile(data), save=False)
    draft.save()
    return draft


def _reviewer(case: Case) -> str:
    names = checks.reviewer_names(case)
    return names[0] if names else "Demo Lead Reviewer"


def identifying_draft(case: Case) -> bytes:
    """The clean report with the family's identifiers left in several parts."""
    people = {p.role: p for p in Person.objects.filter(case=case).order_by("-role", "pk")}
    child = people.get(PersonRole.SUBJECT_CHILD)
    mother = Person.objects.filter(case=case, relationship_to_child="Mother").first()
    child_name = str(child) if child else "the child"
    mother_name = str(mother) if mother else "the mother"
    report = examples.clean_report(_reviewer(case), child=child_name.split()[0] + " " + child_name.split()[-1])
    blocks = list(report.blocks)
    blocks.insert(
        5,
        sample.Para(
            runs=(f"{mother_name}'s ", "flat at ", (child.address.split(",")[0] if child else "") + ". "),
            footnote=f"Information from {mother_name}'s GP, {case.reference}.",
            comment=f"Check whether {child_name}'s date of birth can stay.",
        ),
    )
    blocks.insert(6, sample.Table((("Name", "Date of birth"), (child_name, "1 April 2019"))))
    blocks.insert(
        7, sample.Para(runs=("The child ", f"{sample.INSERTED}({child_name.split()[-1]})", " was seen at home."))
    )
    report.blocks = blocks
    report.header = f"Review of {child_name}"
    report.properties = {"title": f"LCSPR report: {child_name}", "creator": _reviewer(case)}
    return sample.build(report)


def seed() -> None:
    cases = {c.reference: c for c in Case.objects.filter(reference__in=["DEMO-8", "DEMO-9"])}
    demo8, demo9 = cases.get("DEMO-8"), cases.get("DEMO-9")
    if demo8 is not None and demo8.lcspr_commissioned_date and not Draft.objects.filter(case=demo8).exists():
        _store(demo8, identifying_draft(demo8), "demo-8-report-draft-1.docx")
    if demo9 is not None and demo9.lcspr_commissioned_date and not Draft.objects.filter(case=demo9).exists():
        data = sample.build(examples.clean_report(_reviewer(demo9), child="Child F"))
        draft = _store(demo9, data, "demo-9-final-report.docx")
        for row in glossary.defaults(demo9):
            value = "Child F" if row.replacement == glossary.CHILD_DEFAULT else row.replacement
            GlossaryEntry.objects.get_or_create(case=demo9, key=row.key, defaults={"replacement": value})
        edits = glossary.edits(findings_of(draft), set(), glossary.replacements(demo9))
        published, mapping = rewrite.replace(data, edits)
        digest = hashlib.sha256(published).hexdigest()
        version = Publishable(draft=draft, sha256=digest, mapping=mapping, replacements=len(edits))
        version.file.save(f"{demo9.pk}/publishable-{digest}.docx", ContentFile(published), save=False)
        version.save()
