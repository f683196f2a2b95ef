"""A small tree builder on ``html.parser``, so that a test compares the exact text of one
element of a page rather than searching the whole page for a string."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list["Node | str"] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def walk(self) -> Iterator["Node"]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def find_all(
        self, tag: str | None = None, cls: str | None = None, attrs: dict[str, str] | None = None
    ) -> list["Node"]:
        return [
            node
            for node in self.walk()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in node.classes)
            and all(node.attrs.get(name) == value for name, value in (attrs or {}).items())
        ]

    def find(
        self, tag: str | None = None, cls: str | None = None, attrs: dict[str, str] | None = None
    ) -> "Node":
        """The one element that matches; fails when there is none or more than one."""
        found = self.find_all(tag, cls, attrs)
        assert len(found) == 1, f"{len(found)} elements match {tag=} {cls=} {attrs=}"
        return found[0]

    def text(self, badges: bool = False) -> str:
        """The visible text, whitespace collapsed; "Sample data" badges left out unless asked."""
        parts: list[str] = []
        self._collect(parts, badges)
        return " ".join("".join(parts).split())

    def _collect(self, parts: list[str], badges: bool) -> None:
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif badges or "sample-badge" not in child.classes:
                child._collect(parts, badges)

    def has_sample_badge(self) -> bool:
        badges = self.find_all(cls="sample-badge")
        return len(badges) == 1 and badges[0].text(badges=True) == "Sample data"


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.open.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def get_page(client, url: str, **kwargs) -> Node:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return parse(response.content.decode())


def texts(nodes: list[Node]) -> list[str]:
    return [node.text() for node in nodes]


def form_values(form: Node) -> dict[str, str | list[str]]:
    """What a browser sends for ``form`` as it is drawn: its inputs (checkboxes and radio
    buttons only when checked; a list for several under one name), each select's chosen
    options (a list for a multiple one) and its text areas."""
    values: dict[str, str | list[str]] = {}
    for node in form.walk():
        name = node.attrs.get("name")
        if not name or node.tag not in {"input", "select", "textarea"}:
            continue
        kind = node.attrs.get("type", "text")
        if node.tag == "input" and kind in {"checkbox", "radio"}:
            if "checked" in node.attrs:
                values[name] = node.attrs.get("value") or "on"
        elif node.tag == "input" and kind not in {"submit", "button"}:
            value = node.attrs.get("value", "")
            if name in values:  # one of several values sent under one name
                earlier = values[name]
                values[name] = [*(earlier if isinstance(earlier, list) else [earlier]), value]
            else:
                values[name] = value
        elif node.tag == "textarea":
            values[name] = "".join(c for c in node.children if isinstance(c, str)).lstrip("\n")
        elif node.tag == "select":
            chosen = [
                o.attrs.get("value", o.text())
                for o in node.find_all("option")
                if "selected" in o.attrs
            ]
            if "multiple" in node.attrs:
                values[name] = chosen
            else:  # with none chosen, the first
                options = node.find_all("option")
                first = options[0].attrs.get("value", options[0].text()) if options else ""
                values[name] = chosen[0] if chosen else first
    return values


def drawn_form(client, url: str) -> dict[str, str | list[str]]:
    """What a browser sends for the page's entry form as it is drawn (``form_values``)."""
    return form_values(get_page(client, url).find(tag="form", cls="entry-form"))


def form_sent_back(response) -> dict[str, str | list[str]]:
    """What a browser sends for the entry form a refused save shows again."""
    return form_values(parse(response.content.decode()).find(tag="form", cls="entry-form"))
