from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cspr.access import managed_partnership
from cspr.accounts.models import User


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    partnership = managed_partnership(user)
    partners = partnership.statutory_partners.all()
    agencies = partnership.agencies.all()
    return render(
        request,
        "organisations/settings.html",
        {"partnership": partnership, "partners": partners, "agencies": agencies},
    )
