"""List pages: search and filters from the query string, a page of results, htmx partials."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chaveruth.lib.forms import ListFilter

PAGE_SIZE = 50


def render_list(
    request: HttpRequest,
    template: str,
    queryset: QuerySet,
    filter_class: type[ListFilter],
    context: dict | None = None,
) -> HttpResponse:
    """Render a list page, or only its ``results`` partial when htmx asks (live search).

    Invalid filters (an unknown kind in the URL) answer 400 with the form's message.
    """
    form = filter_class(request.GET)
    page = Paginator(form.apply(queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {**(context or {}), "form": form, "page": page, "items": page.object_list}
    if request.htmx and not request.htmx.boosted:
        template = f"{template}#results"
    return render(request, template, context, status=400 if form.errors else 200)
