"""List pages: search and filters from the query string, a page of results, htmx partials."""

from collections.abc import Callable, Sequence

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chaveruth.lib.forms import ListFilter

PAGE_SIZE = 50


def render_list(
    request: HttpRequest,
    *,
    table: str,
    queryset: QuerySet,
    filter_class: type[ListFilter],
    title: str,
    create: tuple[str, str] | None = None,
    rows: Callable[[list], Sequence] | None = None,
) -> HttpResponse:
    """Render a list page (list_page.html around the ``table`` template), or only its
    ``results`` partial when htmx asks (live search). ``create`` is (url, label) of a button.
    ``rows``, when given, turns the page's objects into the table's ``items``: for what is
    too costly to work out for more than one page (e.g. each visit's checks).

    Invalid filters (an unknown kind in the URL) answer 400 with the form's message.
    """
    form = filter_class(request.GET)
    page = Paginator(form.apply(queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    create_url, create_label = create or (None, None)
    context = {
        "form": form,
        "page": page,
        "items": rows(list(page.object_list)) if rows else page.object_list,
        "table": table,
        "title": title,
        "create_url": create_url,
        "create_label": create_label,
    }
    template = "list_page.html#results" if request.htmx else "list_page.html"
    return render(request, template, context, status=400 if form.errors else 200)
