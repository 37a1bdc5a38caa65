"""Change stamps: counters that database triggers raise whenever a tracked table changes.

A cached part of a page is stored under the stamps it was built from, so it can never outlive a
change: see ``cspr.changes.triggers`` (what raises them) and ``cspr.changes.fragments`` (who reads
them). No foreign keys: a stamp must survive its case (a key built from a deleted case's counter must
not come back), and the triggers write them, never the ORM.
"""

from __future__ import annotations

from django.db import models


class CaseStamp(models.Model):
    """Raised by every insert, update or delete of a row that belongs to the case."""

    case_id = models.BigIntegerField(primary_key=True)
    n = models.BigIntegerField(default=0)


class ReferenceStamp(models.Model):
    """Raised by changes to the partnership-wide and national tables (users, closure days, agencies...).
    ``scope`` is the partnership's id, or 0 for national rows."""

    scope = models.BigIntegerField(primary_key=True)
    n = models.BigIntegerField(default=0)
