"""Structure of an HTML page: trafilatura for the main text and metadata; figures, related
blocks, standfirst, byline and page furniture are read from the tree first, so that they are
kept as fields (or recorded as removed, with a reason) instead of silently dropped."""

from __future__ import annotations

import re
from functools import cache

import trafilatura
from lxml import html as lxml_html

from ..errors import InputError
from ..model import RelatedItem, Removed
from .blocks import removal_reason, split_credit
from .cues import load_cues
from .parts import Parts
from .pubdate import find_dates, normalise_date

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"]
)
_SELF_CLOSING_WHEN_REPEATED = frozenset(["p", "li", "td", "th", "tr", "dt", "dd", "option"])
_SPACES = re.compile(r"\s+")
_CONTAINERS = frozenset(("html", "body", "main", "article"))
MAX_REMOVED_CHARS = 300
MAX_DATELINE_CHARS = 40  # a block that is little more than a date is a dateline


def check_html(text: str, max_depth: int) -> None:
    """Refuse pages built to break parsers: entity bombs and absurd nesting."""
    if "<!ENTITY" in text[:65536].upper():
        raise InputError("entity declarations (<!ENTITY>) refused: possible entity-expansion bomb")
    depth, stack = 0, []
    for m in _TAG.finditer(text):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or self_closing:
            continue
        if closing:
            if name in stack:
                while stack and stack.pop() != name:
                    pass
        elif not (stack and stack[-1] == name and name in _SELF_CLOSING_WHEN_REPEATED):
            stack.append(name)
            depth = max(depth, len(stack))
            if depth > max_depth:
                raise InputError(f"HTML nested deeper than {max_depth} levels (max_html_depth)")


@cache
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(map(re.escape, cues))
    return re.compile(rf"(?:^|[\s_-])(?:{alternatives})s?(?:$|[\s_-])", re.I)


def _attrs(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}".strip()


def _text(el) -> str:
    return _SPACES.sub(" ", " ".join(el.itertext())).strip()


def _find_roles(tree, role_cues: dict[str, list[str]]) -> dict[str, list]:
    """One walk of the tree: for each role, the outermost elements whose class/id cue it."""
    patterns = {role: _cue_pattern(tuple(cues)) for role, cues in role_cues.items()}
    found: dict[str, list] = {role: [] for role in role_cues}
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in _CONTAINERS or not (attrs := _attrs(el)):
            continue
        for role, pattern in patterns.items():
            if pattern.search(attrs) and not any(
                anc in found[role] for anc in el.iterancestors()
            ):
                found[role].append(el)
    return found


def _attached(el, tree) -> bool:
    """False once an ancestor has been dropped by an earlier rule."""
    return next(el.iterancestors("html"), None) is tree


def _figures(tree, parts: Parts, credit_pattern: re.Pattern[str]) -> None:
    for fig in list(tree.iter("figure")):
        caption_el = next(fig.iter("figcaption"), None)
        if caption_el is not None:
            credit_el = next((e for e in caption_el.iter() if e is not caption_el
                              and credit_pattern.search(_attrs(e))), None)
            credit = _text(credit_el) if credit_el is not None else None
            if credit_el is not None:
                credit_el.drop_tree()
            caption = _text(caption_el)
            if credit is None:
                caption, credit = split_credit(caption)
            if caption or credit:
                parts.captions.append((caption, credit))
        fig.drop_tree()


def _related(block, parts: Parts) -> None:
    for a in block.iter("a"):
        title = _text(a)
        if len(title) < 12:  # "More", "»", "See all"
            continue
        container = a.getparent()
        while container is not None and container is not block and container.tag not in (
            "li", "article", "div"
        ):
            container = container.getparent()
        summary = None
        if container is not None and container is not block:
            summary = next((_text(p) for p in container.iter("p") if _text(p) != title
                            and a not in p.iterdescendants()), None)
        parts.related.append(RelatedItem(title, summary or None, a.get("href")))
    block.drop_tree()


def _page_furniture(tree, parts: Parts, roles: dict[str, list], reasons: list[str]) -> None:
    targets = [(el, reason) for reason in reasons for el in roles[reason]]
    targets += [(el, "navigation") for el in tree.iter("nav")]
    targets += [(el, "boilerplate: footer") for el in tree.iter("footer")]
    for el, reason in targets:
        if _attached(el, tree):
            if text := _text(el):
                parts.removed.append(Removed(text[:MAX_REMOVED_CHARS], reason))
            el.drop_tree()


def _take_text(tree, elements: list, tags: tuple[str, ...]) -> str | None:
    """Text of the first attached element with one of ``tags``; the element is dropped."""
    for el in elements:
        if el.tag in tags and _attached(el, tree) and (text := _text(el)):
            el.drop_tree()
            return text
    return None


def _body(result_body, parts: Parts) -> None:
    skip = {s.casefold() for s in (parts.title, parts.lede) if s}
    for el in result_body:
        kind = "heading" if el.tag == "head" else "body"
        items = el.iter("item") if el.tag == "list" else [el]
        for item in items:
            text = _SPACES.sub(" ", "".join(item.itertext())).strip()
            if not text or text.casefold() in skip:
                continue
            if removal := removal_reason(text):
                parts.removed.append(Removed(text, removal[1]))
            elif len(text) <= MAX_DATELINE_CHARS and find_dates(text):
                parts.removed.append(Removed(text, "dateline"))
            else:
                parts.body.append((kind, text))


def parts_from_html(text: str, url: str | None, max_depth: int) -> Parts:
    check_html(text, max_depth)
    try:
        tree = lxml_html.document_fromstring(text)
    except Exception as exc:  # lxml raises several types for hopeless markup
        raise InputError(f"unparseable HTML ({exc.__class__.__name__}: {exc})") from None
    cues = load_cues().html
    parts = Parts(url=url)
    _figures(tree, parts, _cue_pattern(tuple(cues["credit"])))
    role_cues = {"related": cues["related"], "byline": cues["byline"],
                 "standfirst": cues["standfirst"], **cues["remove"]}
    roles = _find_roles(tree, role_cues)
    for block in roles["related"]:
        if _attached(block, tree):
            _related(block, parts)
    _page_furniture(tree, parts, roles, list(cues["remove"]))
    if byline := _take_text(tree, roles["byline"], ("p", "div", "span", "a", "address")):
        parts.author = re.sub(r"^(?:By|Por|Par|Von|Di)\s+", "", byline)
        parts.removed.append(Removed(byline, "byline (kept as author)"))
    parts.lede = _take_text(tree, roles["standfirst"], ("p", "div", "h2", "span"))
    h1 = next((text for el in tree.iter("h1") if (text := _text(el))), None)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        raise InputError("no article text found in the HTML")
    parts.title = h1 or doc.title  # the visible headline beats the <title>/og:title
    parts.author = parts.author or doc.author
    parts.site = doc.sitename
    parts.description = doc.description
    parts.url = url or doc.url
    if date := normalise_date(doc.date):
        parts.date, parts.date_evidence = date, "HTML metadata"
    _body(doc.body, parts)
    return parts
