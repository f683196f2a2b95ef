"""Template tags every page may use without {% load %} (registered as builtins in settings)."""

import datetime as dt

from django import template
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from chaveruth.accounts import models as accounts
from chaveruth.lib.dates import days_taken
from chaveruth.lib.naming import already_names

register = template.Library()


@register.simple_tag
def sample(record, field: str = "*") -> str:
    """A visible "sample data" badge beside a value the demo invented."""
    if record is None or not hasattr(record, "is_sample") or not record.is_sample(field):
        return ""
    return format_html(
        '<span class="kern-badge kern-badge--warning kern-badge--small sample-badge" title="{}">'
        '<span class="kern-label">{}</span></span>',
        _("Invented for the demo; not stated in the source."),
        _("Sample data"),
    )


@register.filter
def names(text: str, name: str) -> bool:
    """``{% if not title|names:venue.name %}, {{ venue.name }}{% endif %}``: name a place or a
    short name only where the text does not already (chaveruth.lib.naming)."""
    return already_names(str(text), str(name))


@register.filter
def display_name(user) -> str:
    """``{{ share.liaison|display_name }}``: a user as every page names users
    (``accounts.models.display_name``); "" for none, to be told with ``default``."""
    return accounts.display_name(user) if user else ""


@register.filter
def query_without(request, key: str) -> str:
    """The current query string without ``key``, ending in "&" if anything is left."""
    query = request.GET.copy()
    query.pop(key, None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


@register.simple_tag
def interface_languages() -> list[str]:
    """The languages the interface is offered in (the switcher's buttons)."""
    return settings.INTERFACE_LANGUAGES


@register.simple_tag
def period(start, end, format: str = "SHORT_DATE_FORMAT") -> str:
    """ "19.01.2025–23.01.2025" or, with format "H:i", "09:30–12:30" in local time.

    Marked left-to-right: in Hebrew text the bidi algorithm would otherwise show the end first.
    An end not known is a dash ("01.03.2024–—"); neither known, one dash; one day, once.
    """

    def shown(value) -> str:
        if value is None:
            return "—"
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, format)

    if start is None and end is None:
        return "—"
    if shown(start) == shown(end):  # a visit of one day: "11.03.2027", not twice
        return format_html('<span class="period" dir="ltr">{}</span>', shown(start))
    return format_html('<span class="period" dir="ltr">{}–{}</span>', shown(start), shown(end))


@register.simple_tag
def times(start: dt.datetime, end: dt.datetime) -> str:
    """An appointment's times in local time: "09:30–12:30", and one that ends on a later day
    names it, "10:00 – Wed 14 Apr, 11:00", or it reads as an hour on its first day."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    if len(days_taken(start, end)) == 1:
        return period(start, end, "H:i")
    ends = f"{formats.date_format(end, _('D j M'))}, {formats.time_format(end, 'H:i')}"
    return format_html(
        '<span class="period" dir="ltr">{} – {}</span>', formats.time_format(start, "H:i"), ends
    )


_WIDGET_CLASSES = {
    "select": "kern-form-input__select",
    "selectmultiple": "kern-form-input__select",
    "checkbox": "kern-form-check__checkbox",
}


@register.filter
def kern_widget(field) -> str:
    """A form field's input with KERN's classes (and its error variant), for any form:
    ours and the libraries' (allauth's login and second-factor forms)."""
    css = _WIDGET_CLASSES.get(field.widget_type, "kern-form-input__input")
    attrs = {"class": f"{css} {css}--error" if field.errors else css}
    if field.errors:
        attrs["aria-invalid"] = "true"
    widget = field.as_widget(attrs=attrs | _language_of(field.name))
    if field.field.show_hidden_initial:  # what it showed when drawn (SharedRecordForm)
        return widget + field.as_hidden(only_initial=True)
    return widget


def _language_of(name: str) -> dict[str, str]:
    """A text in one language ("title_he", a column of modeltranslation's) says which, so that
    a screen reader reads it in that language and Hebrew is written right to left."""
    code = name.rpartition("_")[2]
    if "_" not in name or code not in dict(settings.LANGUAGES):
        return {}
    return {"lang": code, "dir": "rtl" if translation.get_language_info(code)["bidi"] else "ltr"}
