"""Structure of an HTML page: trafilatura for the main text and metadata; figures, related
blocks, standfirst, byline and page furniture are read from the tree first, so that they are
kept as fields (or recorded as removed, with a reason) instead of silently dropped."""

from __future__ import annotations

import re
from functools import cache
from itertools import islice

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from ..errors import InputError
from ..model import RelatedItem, Removed
from .blocks import removal_reason, split_credit
from .cues import load_cues
from .parts import Parts
from .pubdate import find_dates, normalise_date

# Characters an XML tree cannot hold (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F):
# lxml refuses them once trafilatura copies the text, and the page would be lost. Form feeds
# and vertical tabs are white space in HTML; the rest carries nothing.
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_SPACE = frozenset("\x0b\x0c")
# lxml refuses a str that declares an encoding (the text is decoded already): drop the prolog.
_XML_DECLARATION = re.compile(r"\s*<\?xml\b[^>]{0,500}>")
_SPACES = re.compile(r"\s+")
_CONTAINERS = frozenset(("html", "body", "main", "article"))
MAX_REMOVED_CHARS = 300
PARSER_MAX_DEPTH = 2048  # libxml2's huge-tree limit: no tree it builds is deeper
MAX_DATELINE_CHARS = 40  # a block that is little more than a date is a dateline


def check_html(text: str) -> None:
    """Refuse entity declarations (expansion bombs) before anything parses the page."""
    if "<!ENTITY" in text[:65536].upper():
        raise InputError("entity declarations (<!ENTITY>) refused: possible entity-expansion bomb")


def xml_compatible(text: str) -> str:
    """``text`` without the characters an XML tree refuses (white space ones become spaces)."""
    return _XML_INCOMPATIBLE.sub(lambda m: " " if m.group() in _XML_SPACE else "", text)


@cache
def _deeper_than(levels: int) -> etree.XPath:
    # One child step per level: each node is visited once, at its own level (linear).
    return etree.XPath("boolean(" + "/*" * (levels + 1) + ")")


def parse_html(text: str, max_depth: int, warnings: list[str] | None = None):
    """The page's lxml tree; InputError when it cannot be parsed or nests too deep.

    The depth is the tree's, so it counts as the HTML parser does (a ``<td>`` without its
    optional end tag closes the previous one). lxml's default parser silently drops everything
    below 255 levels; the huge-tree parser keeps 2048, which covers ``max_depth``. Whatever the
    parser still gives up on is reported in ``warnings``.
    """
    check_html(text)
    if m := _XML_DECLARATION.match(text):
        text = text[m.end() :]
    parser = lxml_html.HTMLParser(huge_tree=True)
    try:
        tree = lxml_html.document_fromstring(xml_compatible(text), parser=parser)
    except Exception as exc:  # lxml raises several types for hopeless markup
        raise InputError(f"unparseable HTML ({exc.__class__.__name__}: {exc})") from None
    if max_depth < PARSER_MAX_DEPTH and _deeper_than(max_depth)(tree):
        raise InputError(f"HTML nested deeper than {max_depth} levels (max_html_depth)")
    for error in parser.error_log:
        if error.level_name == "FATAL" and warnings is not None:
            warnings.append(f"HTML parser gave up at line {error.line}, the rest of the page "
                            f"is lost: {error.message.split(', use ')[0].strip()}")
    return tree


@cache
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(map(re.escape, cues))
    return re.compile(rf"(?:^|[\s_-])(?:{alternatives})s?(?:$|[\s_-])", re.I)


def _attrs(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}".strip()


def _text(el) -> str:
    return _SPACES.sub(" ", " ".join(el.itertext())).strip()


def _find_roles(tree, role_cues: dict[str, list[str]]) -> dict[str, list]:
    """One walk of the tree: for each role, the outermost elements whose class/id cue it.

    The walk keeps, per role, how many of the open elements already have the role, so an
    element inside a found one is skipped without looking at its ancestors (linear)."""
    patterns = {role: _cue_pattern(tuple(cues)) for role, cues in role_cues.items()}
    found: dict[str, list] = {role: [] for role in role_cues}
    inside = dict.fromkeys(role_cues, 0)
    opened: list[tuple[str, ...]] = []  # per open element, the roles it added to ``found``
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        if event == "end":
            for role in opened.pop():
                inside[role] -= 1
            continue
        roles: tuple[str, ...] = ()
        if isinstance(el.tag, str) and el.tag not in _CONTAINERS and (attrs := _attrs(el)):
            roles = tuple(role for role, pattern in patterns.items()
                          if not inside[role] and pattern.search(attrs))
            for role in roles:
                found[role].append(el)
                inside[role] += 1
        opened.append(roles)
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


_TEASER_CONTAINERS = frozenset(("li", "article", "div"))
_SUMMARY_CANDIDATES = 20  # the first <p> elements of a teaser's container that may be its summary


def _related(block, parts: Parts) -> None:
    containers: dict = {block: None}  # element -> its teaser container (memo: one walk up)
    candidates: dict = {}  # container -> its first <p> elements with their text
    for a in block.iter("a"):
        title = _text(a)
        if len(title) < 12:  # "More", "»", "See all"
            continue
        container = _teaser_container(a.getparent(), containers)
        summary = None
        if container is not None:
            if container not in candidates:
                candidates[container] = [
                    (p, _text(p)) for p in islice(container.iter("p"), _SUMMARY_CANDIDATES)
                ]
            holders = set(a.iterancestors("p"))
            summary = next((text for p, text in candidates[container]
                            if text != title and p not in holders), None)
        parts.related.append(RelatedItem(title, summary or None, a.get("href")))
    block.drop_tree()


def _teaser_container(el, memo: dict):
    """The nearest li/article/div at or above ``el`` inside the related block, else None."""
    chain = []
    while el is not None and el not in memo and el.tag not in _TEASER_CONTAINERS:
        chain.append(el)
        el = el.getparent()
    found = memo.get(el, el)
    for seen in chain:
        memo[seen] = found
    if el is not None:
        memo[el] = found
    return found


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
    parts = Parts(url=url)
    tree = parse_html(text, max_depth, parts.warnings)
    cues = load_cues().html
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
