"""Pages of the themes taxonomy, the national reviews library, a case's references to it and its
thematic reviews.

- /library/themes/…: the partnership's administrator and business manager (404 for everyone else).
- /library/reviews/: every partnership-side user reads the library; its maintainers add to it.
- /library/case/<ref>/…: through ``get_case_for_user`` (404 outside the case's reach, 403 read-only).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cspr.access import Access, case_access, get_case_for_user
from cspr.accounts.models import User
from cspr.accounts.roles import Role
from cspr.cases.editing import edit_page, user_of
from cspr.cases.models import Case
from cspr.cases.sections import CaseSection
from cspr.library import actions
from cspr.library.forms import (
    ConsideredForm,
    NationalReviewForm,
    ReferenceForm,
    ThematicForm,
    ThemeForm,
    ThemeStatusForm,
)
from cspr.library.models import (
    LibraryReference,
    ThematicReview,
    Theme,
    national_reviews_for,
)
from cspr.organisations.models import Partnership
from cspr.ui.render import page


def _manager_partnership(user: User) -> Partnership:
    if not Role(user.role).manages_partnership or user.partnership is None:
        raise Http404("No such page.")
    return user.partnership


def _internal(user: User) -> None:
    if Role(user.role).is_external:
        raise Http404("No such page.")


# -- themes -----------------------------------------------------------------------------------------


@login_required
@require_GET
def themes(request: HttpRequest) -> HttpResponse:
    partnership = _manager_partnership(user_of(request))
    rows = list(Theme.objects.filter(partnership__isnull=True).order_by("name"))
    own = list(Theme.objects.filter(partnership=partnership).order_by("name"))
    return page(request, "library/themes.html", {"common": rows, "own": own})


@login_required
def theme_add(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    partnership = _manager_partnership(user)
    return edit_page(
        request,
        None,
        make_form=lambda data: ThemeForm(data),
        save=lambda f: actions.add_theme(partnership, acting_user=user, **f.cleaned_data),
        done_url=reverse("library:themes"),
        title="Add a theme",
        success="Theme added: {result}",
    )


@login_required
def theme_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    partnership = _manager_partnership(user)
    theme = Theme.objects.filter(pk=pk, partnership=partnership).first()
    if theme is None:
        raise Http404("No such theme.")
    return edit_page(
        request,
        None,
        make_form=lambda data: ThemeStatusForm(data, initial={"active": "yes" if theme.active else "no"}),
        save=lambda f: actions.set_theme_active(theme, active=f.cleaned_data["active"], acting_user=user),
        done_url=reverse("library:themes"),
        title=f"Theme: {theme.name}",
        success="Saved",
    )


# -- national reviews -------------------------------------------------------------------------------


@login_required
@require_GET
def reviews(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    _internal(user)
    return page(
        request,
        "library/reviews.html",
        {
            "reviews": list(national_reviews_for(user.partnership_id)),
            "can_add": Role(user.role).manages_partnership and user.partnership_id is not None,
        },
    )


@login_required
def review_add(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    partnership = _manager_partnership(user)
    return edit_page(
        request,
        None,
        make_form=lambda data: NationalReviewForm(data),
        save=lambda f: actions.add_national_review(partnership, acting_user=user, **f.cleaned_data),
        done_url=reverse("library:reviews"),
        title="Add a national review to the library",
        success="Added to the library",
    )


# -- a case's references and thematic reviews -------------------------------------------------------


def _case_url(case: Case) -> str:
    return reverse("library:case", kwargs={"reference": case.reference})


def _reachable(user: User, cases: list[Case]) -> set[int]:
    return {c.pk for c in cases if case_access(user, c) is not Access.NONE}


@login_required
@require_GET
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference)
    refs = list(
        LibraryReference.objects.filter(case=case).select_related("review", "added_by", "considered_recorded_by")
    )
    thematic = list(ThematicReview.objects.filter(cases=case).prefetch_related("cases"))
    others = [c for t in thematic for c in t.cases.all() if c.pk != case.pk]
    return page(
        request,
        "library/case.html",
        {
            "case": case,
            "refs": refs,
            "thematic": thematic,
            "reachable": _reachable(user, others),
            "can_write": case_access(user, case) >= Access.WRITE,
        },
    )


@login_required
def reference_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    choices = national_reviews_for(case.lead_partnership_id).exclude(references__case=case)
    return edit_page(
        request,
        case,
        make_form=lambda data: ReferenceForm(data, reviews=choices),
        save=lambda f: actions.reference_review(case, acting_user=user, **f.cleaned_data),
        done_url=_case_url(case),
        title="Refer to a national review",
        intro=["The CSPR group then records that it considered the review's learning (rule 74)."],
        success="Reference added",
    )


@login_required
def considered(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    ref = LibraryReference.objects.filter(case=case, pk=pk).select_related("review").first()
    if ref is None:
        raise Http404("No such reference.")
    initial = {
        "considered_on": ref.considered_on or timezone.localdate(),
        "considered_by": ref.considered_by or "CSPR group",
        "conclusion": ref.conclusion,
    }
    return edit_page(
        request,
        case,
        make_form=lambda data: ConsideredForm(data, initial=initial),
        save=lambda f: actions.record_considered(ref, acting_user=user, **f.cleaned_data),
        done_url=_case_url(case),
        title="Record that the national review was considered",
        intro=[f"{ref.review.title} ({ref.review.year})."],
        success="Recorded as considered",
    )


@login_required
def thematic_add(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    case = get_case_for_user(user, reference, write=True)
    existing = ThematicReview.objects.filter(partnership_id=case.lead_partnership_id).exclude(cases=case)
    return edit_page(
        request,
        case,
        make_form=lambda data: ThematicForm(data, existing=existing),
        save=lambda f: actions.link_thematic_review(case, acting_user=user, **f.cleaned_data),
        done_url=_case_url(case),
        title="Review with linked cases (thematic review)",
        intro=["Linked cases may be reviewed together, thematically (§1.4.6). Give the rationale for a new one."],
        success="Case linked to the thematic review",
    )


def case_section(request: HttpRequest, case: Case) -> CaseSection | None:
    """The case page's "National learning and linked reviews" section: two queries."""
    thematic = list(ThematicReview.objects.filter(cases=case).values_list("title", flat=True))
    refs = LibraryReference.objects.filter(case=case).count()
    return CaseSection(
        title="National learning and thematic reviews",
        template="library/case_section.html",
        context={"reference": case.reference, "thematic": thematic, "refs": refs},
        order=80,
    )
