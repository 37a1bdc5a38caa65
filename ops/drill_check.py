"""What the database and the upload store hold after `make drill` (run inside Django by ops/drill.py).

    DJANGO_SETTINGS_MODULE=cspr.settings python -c "import django; django.setup(); import ops.drill_check as c; c.main()"

Prints one JSON object: the drill's chronology entries and users, the outbox by status, uploads
whose file is missing and files no upload names, tasks left running, person versions.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count


def collect(marker: str) -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    from cspr.accounts.models import User
    from cspr.cases.models import Person
    from cspr.chronology.models import ChronologyEntry
    from cspr.outbox.models import Message
    from cspr.portal.models import Upload

    media = Path(settings.MEDIA_ROOT)
    uploads = list(Upload.objects.values_list("pk", "file"))
    named = {str(name) for _, name in uploads}
    missing = [pk for pk, name in uploads if not (media / str(name)).is_file()]
    on_disk = (
        {str(p.relative_to(media)) for p in (media / "portal").rglob("*") if p.is_file()} if media.exists() else set()
    )
    messages = list(Message.objects.values("pk", "key", "status", "recipients", "attempts", "last_error"))
    return {
        "entries": list(
            ChronologyEntry.objects.filter(key_event__startswith=marker).values_list("key_event", flat=True)
        ),
        "users": list(User.objects.filter(email__startswith=marker).values_list("email", flat=True)),
        "messages": messages,
        "outbox_by_status": dict(
            Message.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        ),
        "uploads": len(uploads),
        "uploads_without_file": missing,
        "files_without_upload": sorted(on_disk - named),
        "tasks_by_status": dict(
            DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        ),
        "people": {
            str(pk): {"aka": aka, "version": version}
            for pk, aka, version in Person.objects.filter(also_known_as__startswith=marker).values_list(
                "pk", "also_known_as", "version"
            )
        },
    }


def main() -> None:
    json.dump(collect(sys.argv[1] if len(sys.argv) > 1 else "drill-"), sys.stdout, default=str)
