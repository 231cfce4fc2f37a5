from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from accord.core.scoping import public_view, user_memberships, user_view
from accord.guidance import library


@public_view
def guidance_library(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    principles, stages = library.search(query)
    worksheets = library.search_worksheets(query)
    return render(
        request,
        "guidance/library.html",
        {
            "query": query,
            "principles": principles,
            "stages": stages,
            "worksheets": worksheets,
            "result_count": len(principles) + len(stages) + len(worksheets),
            "versions": library.versions(),
        },
    )


@public_view
def principle_detail(request: HttpRequest, key: str) -> HttpResponse:
    principle = library.principle(key)
    if principle is None:
        raise Http404
    stages = [s for s in library.stages() if s.number in principle.stages]
    worksheets = [w for w in library.worksheets() if w.principle == principle.key]
    return render(
        request,
        "guidance/principle.html",
        {"principle": principle, "stages": stages, "worksheets": worksheets},
    )


@public_view
def stage_detail(request: HttpRequest, number: int) -> HttpResponse:
    stage = library.stage(number)
    if stage is None:
        raise Http404
    principles = [p for p in library.principles() if p.key in stage.principles]
    return render(request, "guidance/stage.html", {"stage": stage, "principles": principles})


@public_view
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "guidance/glossary.html", {"terms": library.glossary()})


@public_view
def worksheet_detail(request: HttpRequest, key: str) -> HttpResponse:
    worksheet = library.worksheet(key)
    if worksheet is None:
        raise Http404
    return render(
        request,
        "guidance/worksheet.html",
        {"worksheet": worksheet, "principle": library.principle(worksheet.principle)},
    )


def screen_scope(name: str) -> str | None:
    """ "org", "collaboration" or "" (no argument) for a URL name the guidance links to;
    None for any other name, or one that takes other arguments."""
    if name not in library.screens():
        return None
    for scope, kwargs in (("", {}), ("org", {"org": "x"}), ("collaboration", {"collaboration": 1})):
        try:
            reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        return scope
    return None


@user_view
def go(request: HttpRequest) -> HttpResponse:
    """Open the screen a guidance step names (``?to=<url name>``) for the reader: in their
    current organization, or, for a joint screen, in the collaboration they choose (at once
    when they are in only one). The screen itself checks the reader may open it."""
    from django.apps import apps

    name = request.GET.get("to", "")
    scope = screen_scope(name)
    if scope is None:
        raise Http404
    if scope == "":
        return redirect(name)
    memberships = user_memberships(request.user)
    if scope == "org":
        chosen = next(
            (m.organization for m in memberships if m.organization_id == request.user.last_organization_id),
            memberships[0].organization if memberships else None,
        )
        if chosen is None:
            return redirect("organizations:create")
        return redirect(name, org=chosen.slug)
    parties = list(
        apps.get_model("collaborations", "Party")
        .unscoped.filter(status="active", organization__in=[m.organization_id for m in memberships])
        .select_related("collaboration", "organization")
        .order_by("collaboration__name", "collaboration_id")
    )
    collaborations = list({p.collaboration_id: p.collaboration for p in parties}.values())
    if len(collaborations) == 1:
        return redirect(name, collaboration=collaborations[0].pk)
    choices = [(c, reverse(name, kwargs={"collaboration": c.pk})) for c in collaborations]
    return render(request, "guidance/go.html", {"choices": choices})
