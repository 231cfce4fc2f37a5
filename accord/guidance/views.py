from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accord.core.scoping import public_view
from accord.guidance import library


@public_view
def guidance_library(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    principles, stages = library.search(query)
    return render(
        request,
        "guidance/library.html",
        {
            "query": query,
            "principles": principles,
            "stages": stages,
            "result_count": len(principles) + len(stages),
            "versions": library.versions(),
        },
    )


@public_view
def principle_detail(request: HttpRequest, key: str) -> HttpResponse:
    principle = library.principle(key)
    if principle is None:
        raise Http404
    stages = [s for s in library.stages() if s.number in principle.stages]
    return render(request, "guidance/principle.html", {"principle": principle, "stages": stages})


@public_view
def stage_detail(request: HttpRequest, number: int) -> HttpResponse:
    stage = library.stage(number)
    if stage is None:
        raise Http404
    principles = [p for p in library.principles() if p.key in stage.principles]
    return render(request, "guidance/stage.html", {"stage": stage, "principles": principles})
