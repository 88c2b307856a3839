"""Structure of an HTML page: trafilatura for the main text and metadata; figures, related
blocks, standfirst, byline and page furniture are read from the tree first, so that they are
kept as fields (or recorded as removed, with a reason) instead of silently dropped."""

from __future__ import annotations

import json
import re
from functools import cache
from itertools import islice, takewhile

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


DIALOG = "boilerplate: dialog (consent or sign-up wall)"


def _find_roles(tree, role_cues: dict[str, list[str]]) -> dict[str, list]:
    """One walk of the tree: for each role, the elements whose class/id cue it, in document
    order, nested ones too (when a wrapper turns out to hold the article and is kept, the
    share buttons inside it still go); and under DIALOG the modal dialogs (consent and
    sign-up walls, never the article). Each element is tested once (linear)."""
    patterns = {role: _cue_pattern(tuple(cues)) for role, cues in role_cues.items()}
    found: dict[str, list] = {role: [] for role in (*role_cues, DIALOG)}
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if el.get("role") in ("dialog", "alertdialog") or el.get("aria-modal") == "true":
            found[DIALOG].append(el)
        if el.tag not in _CONTAINERS and (attrs := _attrs(el)):
            for role, pattern in patterns.items():
                if pattern.search(attrs):
                    found[role].append(el)
    return found


ARTICLE_WORDS = 20  # a paragraph of at least this many words that no debris cue flags


def _article_weight(tree) -> tuple[dict, set]:
    """Element -> the words of article-like paragraphs in it (``<p>`` of ARTICLE_WORDS or
    more that no debris cue flags), for every element holding any; and the
    set of those paragraphs. One walk up from each paragraph: linear in the paragraphs
    times the depth."""
    cues = load_cues()
    weight: dict = {}
    paragraphs: set = set()
    for p in tree.iter("p"):
        text = _text(p)
        words = len(text.split())
        if words < ARTICLE_WORDS or removal_reason(text, cues):
            continue
        paragraphs.add(p)
        for el in p.iterancestors():
            weight[el] = weight.get(el, 0) + words
    return weight, paragraphs


def _holds_article(el, weight: dict, page_words: int) -> bool:
    """A container that holds most of the page's article-like text (a share-buttons wrapper
    around the body): roles annotate, never destroy, so it is kept and only what inside it
    has a role of its own is taken out."""
    return page_words > 0 and weight.get(el, 0) >= max(2 * ARTICLE_WORDS, page_words // 2)


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


def _page_furniture(tree, parts: Parts, roles: dict[str, list], reasons: list[str],
                    keep) -> None:
    targets = [(el, reason) for reason in (DIALOG, *reasons) for el in roles[reason]]
    targets += [(el, "navigation") for el in tree.iter("nav")]
    targets += [(el, "boilerplate: footer") for el in tree.iter("footer")]
    for el, reason in targets:
        # a modal is never the article, however long its text
        if _attached(el, tree) and (reason == DIALOG or not keep(el)):
            if text := _text(el):
                parts.removed.append(Removed(text[:MAX_REMOVED_CHARS], reason))
            el.drop_tree()


def _take_text(tree, elements: list, tags: tuple[str, ...], keep) -> str | None:
    """Text of the first attached element with one of ``tags``; the element is dropped."""
    for el in elements:
        if el.tag in tags and _attached(el, tree) and not keep(el) and (text := _text(el)):
            el.drop_tree()
            return text
    return None


# trafilatura's output tags, and the HTML ones its fallback extractors hand back as they are
_HEADINGS = frozenset(("head", "h2", "h3", "h4", "h5", "h6"))
_ITEMS = frozenset(("item", "li"))
_ROWS = frozenset(("row", "tr"))
_BLOCKS = frozenset(("p", "quote", "blockquote", "list", "ul", "ol", "table", "div", "section",
                     "article", "main", "body", "dl", "dd", "dt", *_HEADINGS, *_ITEMS, *_ROWS))


def _blocks(el):
    """(kind, text) of each block of an extracted element: a paragraph or heading, each item
    of a list, each row of a table (its cells joined by a space). A container (a fallback
    extractor's raw ``<div>``) gives its blocks one by one."""
    if el.tag in _ROWS:
        cells = [_SPACES.sub(" ", "".join(c.itertext())).strip() for c in el]
        yield "body", " ".join(c for c in cells if c)
        return
    inner = [c for c in el if isinstance(c.tag, str) and c.tag in _BLOCKS]
    if not inner:
        yield ("heading" if el.tag in _HEADINGS else "body"), _SPACES.sub(
            " ", "".join(el.itertext())).strip()
        return
    if el.text and el.text.strip():
        yield "body", _SPACES.sub(" ", el.text).strip()
    for child in el:
        if isinstance(child.tag, str) and child.tag in _BLOCKS:
            yield from _blocks(child)
        elif isinstance(child.tag, str) and (text := _SPACES.sub(
                " ", "".join(child.itertext())).strip()):
            yield "body", text  # inline markup between blocks
        if child.tail and child.tail.strip():
            yield "body", _SPACES.sub(" ", child.tail).strip()


def _body(result_body, parts: Parts) -> None:
    skip = {s.casefold() for s in (parts.title, parts.lede) if s}
    for el in result_body:
        for kind, text in _blocks(el):
            if not text or text.casefold() in skip:
                continue
            if removal := removal_reason(text):
                parts.removed.append(Removed(text, removal[1]))
            elif len(text) <= MAX_DATELINE_CHARS and find_dates(text):
                parts.removed.append(Removed(text, "dateline"))
            else:
                parts.body.append((kind, text))


MAX_JSON_LD_CHARS = 2_000_000  # a script larger than this is not read
_ARTICLE_TYPES = frozenset(("Article", "NewsArticle", "ReportageNewsArticle", "BlogPosting",
                            "AnalysisNewsArticle", "LiveBlogPosting", "Report"))


def _json_ld_body(tree) -> str | None:
    """The ``articleBody`` of the page's JSON-LD article, if it has one (Next.js and Arc
    pages often show only a teaser and carry the whole text there)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        if len(raw) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = [data]
        while stack:  # objects, lists and @graph, without recursion
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = set(kind) if isinstance(kind, list) else {kind}
                body = item.get("articleBody")
                if kinds & _ARTICLE_TYPES and isinstance(body, str) and body.strip():
                    return body
                stack.extend(v for v in item.values() if isinstance(v, list | dict))
    return None


def _fuller_body(parts: Parts, json_body: str | None) -> None:
    """When the JSON-LD body holds what the page shows and much more (a teaser page), its
    paragraphs are the body; what the page showed is replaced, not repeated."""
    if not json_body:
        return
    shown = " ".join(text for _, text in parts.body)
    words = json_body.split()
    if len(words) < 1.3 * len(shown.split()) + 20:
        return
    folded = _SPACES.sub(" ", json_body).casefold()
    pieces = [text for _, text in parts.body]
    if sum(len(t) for t in pieces if _SPACES.sub(" ", t).casefold() in folded) < 0.6 * len(shown):
        return  # not the same article
    lines = [_SPACES.sub(" ", line).strip() for line in json_body.splitlines()]
    parts.body = [("body", line) for line in lines if line and (
        line.casefold() not in {(parts.lede or "").casefold(), (parts.title or "").casefold()})]


MAX_REORDERED = 300  # paragraphs put back in page order at most (each is one search)


def _page_order(parts: Parts, page_text: str) -> None:
    """The body in the order the page shows it: the extractor may hand a live blog's intro
    after its first posts. A paragraph found nowhere keeps its place after the one before."""
    if len(parts.body) > MAX_REORDERED:
        return
    folded = page_text.casefold()
    keyed, last = [], -1
    for i, (kind, text) in enumerate(parts.body):
        at = folded.find(_SPACES.sub(" ", text[:80]).casefold())
        last = at if at >= 0 else last
        keyed.append((last, i, (kind, text)))
    parts.body = [block for _, _, block in sorted(keyed)]


def _headline(h1s: list[str], meta_title: str | None) -> str | None:
    """The visible headline beats the <title>/og:title; of several <h1> (a logo, a widget's
    title, the headline), the one the metadata title holds ("Headline | Site")."""
    if meta_title:
        folded = meta_title.casefold()
        held = [h for h in h1s if h.casefold() in folded]
        if held:
            return max(held, key=len)
    return h1s[0] if h1s else meta_title


def parts_from_html(text: str, url: str | None, max_depth: int) -> Parts:
    parts = Parts(url=url)
    tree = parse_html(text, max_depth, parts.warnings)
    cues = load_cues().html
    _figures(tree, parts, _cue_pattern(tuple(cues["credit"])))
    role_cues = {"related": cues["related"], "byline": cues["byline"],
                 "standfirst": cues["standfirst"], **cues["remove"]}
    roles = _find_roles(tree, role_cues)
    weight, weight_of_paragraphs = _article_weight(tree)
    page_words = weight.get(tree, 0)

    def keep(el) -> bool:
        return _holds_article(el, weight, page_words)

    for block in roles["related"]:
        if _attached(block, tree) and not keep(block):
            _related(block, parts)
    _page_furniture(tree, parts, roles, list(cues["remove"]), keep)
    if byline := _take_text(tree, roles["byline"], ("p", "div", "span", "a", "address"), keep):
        parts.author = re.sub(r"^(?:By|Por|Par|Von|Di)\s+", "", byline)
        parts.removed.append(Removed(byline, "byline (kept as author)"))
    # A standfirst sits between the headline and the body: one after the article's first
    # paragraph is a teaser's summary, a footer's "about" text, a navigation subtitle.
    first = next((p for p in tree.iter("p") if p in weight_of_paragraphs), None)
    ahead = set(takewhile(lambda el: el is not first, tree.iter())) if first is not None else ()
    # pre-order: the paragraph's ancestors come before it, and count as "before" it
    before = [el for el in roles["standfirst"] if first is None or el is first or el in ahead]
    parts.lede = _take_text(tree, before, ("p", "div", "h2", "span"), keep)
    h1s = [text for el in tree.iter("h1") if (text := _text(el))]
    json_body = _json_ld_body(tree)
    page_text = _SPACES.sub(" ", " ".join(tree.itertext()))
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        raise InputError("no article text found in the HTML")
    parts.title = _headline(h1s, doc.title)
    parts.author = parts.author or doc.author
    parts.site = doc.sitename
    parts.description = doc.description
    parts.url = url or doc.url
    if date := normalise_date(doc.date):
        parts.date, parts.date_evidence = date, "HTML metadata"
    _body(doc.body, parts)
    _page_order(parts, page_text)
    _fuller_body(parts, json_body)
    return parts
