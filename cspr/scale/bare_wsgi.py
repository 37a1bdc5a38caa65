"""A bare Django: one view, no middleware, no sessions, no database (the load test's reference).

The floor page of the load test goes through the whole stack (sessions, authentication, the
second-factor check, CSP, the access helpers' context); this shows how much of its time the stack
adds over Django answering at all, in the same run on the same machine.
"""

from __future__ import annotations

import os

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ.get("CSPR_BARE_SECRET", "bare-load-test-only"),
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
    )

from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

# About the size of the floor page, so the comparison is of the stack, not of the bytes.
BODY = b"<!DOCTYPE html><title>Bare</title><p>" + b"x" * 6500 + b"</p>"


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY)


urlpatterns = [path("bare/", bare)]
application = get_wsgi_application()
