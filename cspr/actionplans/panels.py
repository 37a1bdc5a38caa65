"""The dashboard's action plan panel: overdue and red open actions of the cases the user reads
(a fixed number of queries, whatever the number of actions)."""

from __future__ import annotations

from django.http import HttpRequest

from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.deadlines import services
from cspr.ui.dashboard import Panel


def dashboard_panel(request: HttpRequest) -> Panel | None:
    from cspr.actionplans.views import dashboard_rows

    user = request.user
    if not isinstance(user, User):
        return None
    role = Role(user.role)
    if not (role.sees_all_partnership_cases or role.works_through_case_membership):
        return None
    today = services.today()
    rows, total = dashboard_rows(user, today)
    if not rows:
        return None
    return Panel(
        title="Actions overdue or rated red",
        template="actionplans/_dashboard_panel.html",
        context={"rows": rows, "total": total, "today": today},
        order=18,
    )
