from typing import Any

from django import template
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe

from accord.core import i18n
from accord.core.registry import registry
from accord.core.reversing import API_PATH, reverse_with_key
from accord.core.widgets import escape, option_tags

register = template.Library()
# ``{% guidance "key" %}`` comes from the guidance app (a built-in tag library, see
# settings.TEMPLATES), so that core imports no other app.


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def colon() -> str:
    """``{% translate "Owner" %}{% colon %} {{ name }}``: the label's colon as the language
    writes it (French puts a no-break space before it)."""
    return i18n.colon()


@register.simple_tag
def semicolon() -> str:
    """``{% if not forloop.last %}{% semicolon %} {% endif %}``: the list separator as the
    language writes it."""
    return i18n.semicolon()


@register.simple_tag
def html_attrs(attrs: dict[str, Any]) -> str:
    """A widget's attributes as Django's ``django/forms/widgets/attrs.html`` writes them (a
    space before each; ``True`` alone, ``False`` left out), in one step instead of a template
    loop: every field of every form goes through it."""
    html = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            html.append(f" {escape(name)}")
        else:
            html.append(f' {escape(name)}="{escape(value)}"')
    return mark_safe("".join(html))  # noqa: S308 - every name and value is escaped above


@register.simple_tag
def select_options(choices: Any, current: Any) -> str:
    """``<option>`` elements for (value, label) pairs, ``current`` selected: one step instead of
    a template loop, for selects with hundreds of options (a register's owner filter)."""
    return option_tags(choices, (current,))


@register.filter
def web_address(value: Any) -> str:
    """``value`` when it is an http(s) address, else "": a link a person typed, shown to other
    parties, never runs script (``javascript:``, ``data:``), whatever was stored before the
    fields checked it."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else ""


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def plugin_cards(context: dict[str, Any], scope_name: str) -> str:
    """The cards the apps add to the organization home (``"org"``) or the collaboration
    overview (``"collaboration"``), each rendered with its own context; a card whose context
    is None is not shown (``accord.core.registry.Card``)."""
    request = context["request"]
    html = []
    for card in registry.cards(scope_name):
        card_context = card.context(request, request.scope)
        if card_context is not None:
            html.append(render_to_string(card.template, card_context, request=request))
    return mark_safe("".join(html))  # noqa: S308 - each card is rendered by a template (escaped)


@register.simple_tag
def nav_links(scope_name: str, key: Any) -> list[tuple[Any, str]]:
    """(label, URL) of the links the apps add to the organization's menu (``"org"``, ``key``
    the organization's slug) or the joint space's (``"collaboration"``, its id)."""
    return [(link.label, reverse_with_key(link.url_name, key)) for link in registry.nav_links(scope_name)]


@register.simple_tag(takes_context=True)
def menu_org(context: dict[str, Any]) -> Any:
    """The organization whose links the header menu shows: the page's, else (guidance and
    account pages) the one the person last worked in while they are still a member of it.
    Reads the memberships the organization switcher loads anyway: no extra query."""
    if context.get("current_org"):
        return context["current_org"]
    user = context.get("user")
    if user is None or not user.is_authenticated or not getattr(user, "last_organization_id", None):
        return None
    memberships = context.get("my_memberships")
    if callable(memberships):
        memberships = memberships()
    return next(
        (m.organization for m in memberships or [] if m.organization_id == user.last_organization_id), None
    )


@register.simple_tag
def api_docs_url() -> str:
    """The API documentation's address, without reversing the API's URLs (that would import
    the whole API in a process that only serves pages: config/urls.py)."""
    return f"{get_script_prefix()}{API_PATH}docs"
