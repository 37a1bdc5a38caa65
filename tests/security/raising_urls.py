"""A URLconf with one view that fails, for the generic error page test (ASVS V16.5.1)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from cspr.urls import urlpatterns as site_patterns

SECRET_IN_ERROR = "Demo Child Zedd lives at 1 ZZ Street"


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET_IN_ERROR)


# The site's own patterns too: the error page links to them.
urlpatterns = [path("fails/", fails), *site_patterns]

handler500 = "cspr.ui.views.handler500"
