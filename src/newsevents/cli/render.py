"""Every terminal view (rich): an Article, an Analysis, the events of an article, the store's
query results, evaluation scores. Page text is never markup, and never reaches the
terminal raw: every text that comes from a document goes through ``safe`` (through
``_text``), so an escape sequence in a title prints as visible characters."""

from __future__ import annotations

import re
import sys
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..model import Actor, Analysis, Article, Place

# C0 controls but tab and newline, DEL, and the C1 controls (U+0080-U+009F: CSI, OSC, ... as
# single characters). Each becomes ONE visible character, so offsets into the text (the
# highlighted spans) stay right: C0 and DEL their Unicode control picture (ESC -> ␛), C1 the
# replacement character.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINE = re.compile("[\n\x85\u2028\u2029]")


def _visible(match: re.Match) -> str:
    ch = match.group()
    if ch == "\x7f":
        return "\u2421"
    if ch < " ":
        return chr(0x2400 + ord(ch))
    return "\ufffd"


def safe(text: Any, *, newlines: bool = True) -> str:
    """``text`` fit for a terminal: control characters (escape sequences among them) replaced
    by visible ones, one for one. ``newlines=False`` for a one-line field: a line break
    becomes a space."""
    text = "" if text is None else str(text)
    if not newlines:
        text = _NEWLINE.sub(" ", text)
    return _CONTROL.sub(_visible, text)


def _text(text: Any, style: str | None = None, *, newlines: bool = True) -> Text:
    """A document's words as a rich Text: sanitised, never markup."""
    return Text(safe(text, newlines=newlines), style=style or "")


def _section(title: str) -> Text:
    return Text(f"\n{title}", style="bold cyan")


def render_article(article: Article, console: Console) -> None:
    pub = article.published
    date = pub.date or "unknown"
    header = Text()
    header.append(safe(article.title or "(no title)", newlines=False), style="bold")
    header.append(f"\n{safe(article.source, newlines=False)}", style="dim")
    if article.url:
        header.append(f"  {safe(article.url, newlines=False)}", style="dim")
    header.append(safe(f"\nid {article.id} · language {article.language or '?'} · "
                       f"encoding {article.encoding} · published {date} ({pub.method}, "
                       f"confidence {pub.confidence:.1f})"))
    if pub.evidence:
        header.append(f"\ndate evidence: {safe(pub.evidence, newlines=False)}", style="dim")
    if article.author:
        header.append(f"\nby {safe(article.author, newlines=False)}")
    parts: list = [header]
    if article.lede:
        parts += [_section("Lede"), _text(article.lede, "italic")]
    parts.append(_section(f"Paragraphs ({len(article.paragraphs)})"))
    headings = {h.start: h for h in article.headings}
    for p in sorted(article.paragraphs + article.headings, key=lambda p: p.start):
        if p.start in headings:
            parts.append(_text(f"## {p.text}", "bold"))
        else:
            parts.append(_text(f"[{p.language or '?'}] ", "dim") + _text(p.text))
    if article.captions:
        parts.append(_section(f"Captions ({len(article.captions)})"))
        for c in article.captions:
            line = _text(f"[{c.language or '?'}] ", "dim") + _text(c.text)
            if c.credit:
                line += _text(f"  — credit: {c.credit}", "magenta")
            parts.append(line)
    if article.related:
        parts.append(_section(f"Related items, not part of the article ({len(article.related)})"))
        for r in article.related:
            parts.append(Text("• ") + _text(r.title or "(no title)", "bold")
                         + _text(f" — {r.summary}" if r.summary else ""))
    if article.removed:
        parts.append(_section(f"Removed ({len(article.removed)})"))
        table = Table(show_header=True, header_style="bold", box=None)
        table.add_column("reason", style="yellow", no_wrap=True)
        table.add_column("text")
        for r in article.removed:
            table.add_row(_text(r.reason), _text(r.text[:160]))
        parts.append(table)
    if article.repairs:
        parts.append(_section(f"Repairs ({len(article.repairs)})"))
        for r in article.repairs:
            parts.append(_text(f"{r.kind}: ", "yellow") + _text(r.before) + Text(" → ")
                         + _text(r.after, "green"))
    console.print(Panel(Group(*parts), expand=True))


# -- Analysis -----------------------------------------------------------------------------

_STYLES = {"actor": "bold cyan", "place": "bold green", "time": "yellow", "quantity": "magenta",
           "quote": "italic"}


def _highlighted(analysis: Analysis) -> Text:
    text = _text(analysis.article.text)  # one for one: the offsets still hold
    for q in analysis.quotes:
        text.stylize(_STYLES["quote"], q.start, q.end)
    for t in analysis.times:
        text.stylize(_STYLES["time"], t.start, t.end)
    for q in analysis.quantities:
        text.stylize(_STYLES["quantity"], q.start, q.end)
    for m in analysis.entities:
        text.stylize(_STYLES["place" if m.place and not m.actor else "actor"], m.start, m.end)
    return text


def _actor_cell(actor: Actor | None) -> str:
    if not actor:
        return ""
    bits = [f"{actor.code or '?'} {actor.sector or '?'}"]
    if actor.name:
        bits.append(actor.name)
    if actor.patron:
        bits.append(f"patron {actor.patron}")
    return " · ".join(bits)


def _place_cell(place: Place | None) -> str:
    if not place:
        return ""
    return (f"{place.resolved_place}, {place.country_code or '?'} "
            f"({place.lat:.2f}, {place.lon:.2f}) r{place.resolution}")


def _table(title: str, columns: tuple[str, ...], rows: list[tuple]) -> Table | Text:
    if not rows:
        return Text(f"\n{title}: none", style="dim")
    table = Table(title=title, expand=True)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(cell if isinstance(cell, Text) else _text(cell) for cell in row))
    return table


def render_analysis(analysis: Analysis, console: Console) -> None:
    article = analysis.article
    header = _text(article.title or "(no title)", "bold", newlines=False)
    header.append(safe(f"\n{article.source} · published {article.published.date or 'unknown'}"),
                  style="dim")
    legend = Text("  ").join(Text(name, style=style) for name, style in _STYLES.items())
    parts: list = [header, legend, Text(""), _highlighted(analysis)]
    parts.append(_table("Actors and places", ("mention", "label", "actor", "place"), [
        (_text(m.text), m.label, _text(_actor_cell(m.actor)), _text(_place_cell(m.place)))
        for m in analysis.entities]))
    parts.append(_table("Times", ("expression", "date", "end", "granularity", "anchor"), [
        (_text(t.text), t.date or "", t.enddate or "", t.granularity or "",
         t.anchor + (" (deadline)" if t.deadline else "")) for t in analysis.times]))
    parts.append(_table("Quantities", ("words", "value", "kind", "approximate"), [
        (_text(q.text), f"{q.value:g}", q.kind, "yes" if q.approximate else "")
        for q in analysis.quantities]))
    parts.append(_table("Quotes", ("quote", "kind", "speaker", "cue"), [
        (_text(q.text[:200]), q.kind,
         _text(f"{q.speaker.text} [{_actor_cell(q.speaker.actor)}]" if q.speaker else "?"),
         _text(q.cue or "")) for q in analysis.quotes]))
    parts.append(_table("Coreference", ("mention", "refers to", "rule"), [
        (_text(link.text), _text(link.antecedent), link.rule) for link in analysis.coref]))
    console.print(Panel(Group(*parts), expand=True))


# -- Events -------------------------------------------------------------------------------
# One view of events for the coder's Events (their JSON) and the store's merged events, which
# have the same fields. Under WIDE columns it is compact: id, date and category never wrap
# and are never cut, the parties, place and counts share one column that wraps. From WIDE on
# every field has its own column. Nothing is ever cut with an ellipsis: a long cell wraps.

WIDE = 120
SHORT_ID = 8  # characters of an id shown; longer where two shown ids would share them


def short_ids(ids: list[str], length: int = SHORT_ID) -> dict[str, str]:
    """Each id cut to ``length`` characters, or more where that would not tell two apart."""
    out: dict[str, str] = {}
    for i in ids:
        n = length
        while n < len(i) and any(j != i and j.startswith(i[:n]) for j in ids):
            n += 1
        out[i] = i[:n]
    return out


def _party(code: str | None, sector: str | None, name: str | None) -> str:
    return f"{code or '?'} {sector or '?'}" + (f" {name}" if name else "")


def parties(entities: list[dict]) -> str:
    """Actors or recipients (JSON, as the store gives them) in one cell: ``USA GOV Joe Biden;
    IRQ GOV``."""
    return "; ".join(_party(e.get("code"), e.get("sector"), e.get("identifier_text"))
                     for e in entities or [])


def _what(e: dict[str, Any]) -> str:
    what = e["event"] + (f" ({e['mode']})" if e.get("mode") else "")
    return what + (f" [{', '.join(e['aux'])}]" if e.get("aux") else "")


def _where(e: dict[str, Any]) -> str:
    loc = e.get("event_loc") or {}
    if not loc.get("resolved_place"):
        return ""
    return f"{loc['resolved_place']}, {loc.get('country_code') or '?'}"


def _when(e: dict[str, Any], sep: str = " ") -> str:
    return (e.get("date") or "?") + (f"{sep}→ {e['enddate']}" if e.get("enddate") else "")


def _counts(e: dict[str, Any]) -> str:
    counts = [f"{k} {e[k]}" for k in ("dead", "injured", "arrested") if e.get(k) is not None]
    counts += [f"{c['value']:g} {c['kind']}" for c in e.get("counts") or []]
    return ", ".join(counts)


def _word(e: dict[str, Any]) -> str:
    return (e.get("attribution") or {}).get("text") or ""


def _sources(e: dict[str, Any]) -> str:
    bits = [f"conf {e.get('confidence', 0):.2f}"]
    if e.get("sources"):
        bits.append(f"{e['sources']} src")
    if e.get("in_caption"):
        bits.append("caption")
    return " · ".join(bits)


def _sentence(e: dict[str, Any]) -> Text:
    """The event's sentence with its trigger in bold (offsets index the article's text)."""
    sentence, trigger = e.get("sentence") or {}, e.get("trigger") or {}
    line = _text(sentence.get("text", ""), newlines=False)  # one for one: offsets hold
    start = sentence.get("start", 0)
    if trigger and start <= trigger.get("start", -1) < sentence.get("end", -1):
        line.stylize("bold yellow", trigger["start"] - start, trigger["end"] - start)
    return line


def _details(e: dict[str, Any]) -> Text:
    """The compact layout's one wrapping cell: parties, place, counts, word, confidence."""
    who = parties(e.get("actor")) or "?"
    whom = parties(e.get("recipient"))
    lines = [who + (f" → {whom}" if whom else "")]
    lines += [f"at {w}" for w in [_where(e)] if w]
    lines += [c for c in [_counts(e)] if c]
    lines += [f"on the word of: {w}" for w in [_word(e)] if w]
    lines.append(_sources(e))
    return _text("\n".join(safe(line, newlines=False) for line in lines))


def events_table(events: list[dict[str, Any]], width: int, *, title: str | None = None,
                 evidence: bool = False, reasons: list[str] | None = None) -> Table:
    """Events as a table that fits ``width`` columns. ``evidence``: the sentence, its
    trigger in bold, in a row under each event. ``reasons``: one more field per event (a
    candidate's reason)."""
    ids = short_ids([e["id"] for e in events])
    wide = width >= WIDE and not evidence  # a sentence needs the one wide column
    table = Table(title=title, box=box.SIMPLE_HEAD, expand=True, pad_edge=False,
                  show_edge=False)

    def column(name: str, longest: int = 0, **kw: Any) -> None:
        table.add_column(name, overflow="fold", min_width=longest or None, **kw)

    column("id", max((len(v) for v in ids.values()), default=2), no_wrap=True)
    column("date", max((len(_when(e)) for e in events), default=4) if wide else 10)
    column("did what", max((len(e["event"]) for e in events), default=8))
    if wide:
        for name in ("who", "to whom", "where", "counts", "on whose word"):
            column(name, ratio=1)
        column("conf", 4)
    else:
        column("who → whom · where · counts", ratio=1)
    if reasons is not None:
        column("reason", ratio=1)
    for i, e in enumerate(events):
        what = _text(e["event"], "bold") + _text(
            (f"\n({e['mode']})" if e.get("mode") else "")
            + (f"\n[{', '.join(e['aux'])}]" if e.get("aux") else ""))
        cells: list[Any] = [ids[e["id"]], _when(e, " " if wide else "\n"), what]
        if wide:
            cells += [_text(parties(e.get("actor"))), _text(parties(e.get("recipient"))),
                      _text(_where(e)), _counts(e), _text(_word(e), newlines=False),
                      _sources(e).replace(" · ", "\n")]
        else:
            cells.append(_details(e))
        if reasons is not None:
            cells.append(_text(reasons[i]))
        table.add_row(*(c if isinstance(c, Text) else _text(c) for c in cells),
                      end_section=evidence)
        if evidence:  # under the event, in the wrapping column
            table.add_row("", "", "", _text("“", "dim") + _sentence(e) + _text("”", "dim"),
                          *([""] if reasons is not None else []), end_section=True)
    return table


def render_events(analysis: Analysis, console: Console, candidates: bool = False,
                  evidence: bool = False) -> None:
    """An article's events and quotes; with ``candidates``, then its candidates (records
    short of an event), each with the reason; ``evidence``: each event's sentence."""
    article = analysis.article
    header = _text(article.title or "(no title)", "bold", newlines=False)
    shown = f", {len(analysis.candidates)} candidates" if candidates else ""
    header.append(safe(f"\n{article.source} · id {article.id} · published "
                       f"{article.published.date or 'unknown'} · {len(analysis.events)} events"
                       f"{shown}, {len(analysis.quotes)} quotes"), style="dim")
    if article.lede:
        header.append(f"\n{safe(article.lede)}", style="italic")
    width = console.width - 4  # inside the panel
    parts: list = [header]
    if analysis.events:
        parts.append(events_table([e.to_dict() for e in analysis.events], width,
                                  title="Events", evidence=evidence))
    else:
        parts.append(Text("\nEvents: none", style="dim"))
    if candidates:
        if analysis.candidates:
            parts.append(events_table([c.event.to_dict() for c in analysis.candidates], width,
                                      title="Candidates, not events", evidence=evidence,
                                      reasons=[c.reason for c in analysis.candidates]))
        else:
            parts.append(Text("\nCandidates: none", style="dim"))
    parts.append(_table("Quotes", ("quote", "speaker"), [
        (_text(q.text), _text(f"{q.speaker.text} [{_actor_cell(q.speaker.actor)}]"
                              if q.speaker else "?")) for q in analysis.quotes]))
    console.print(Panel(Group(*parts), expand=True))


# -- The store ----------------------------------------------------------------------------


def _console() -> Console:
    return Console(highlight=False)


def _print(table: Table) -> None:
    _console().print(table)


def render_stored_events(events: list[dict[str, Any]], evidence: bool = False,
                         title: str | None = None) -> None:
    """The merged events (``events --format table``): rendering, not export."""
    console = _console()
    console.print(events_table(events, console.width, evidence=evidence, title=title))


def render_search(query: str, hits: list[dict[str, Any]]) -> None:
    """Search hits: the document's id (``newsevents article ID`` opens it), its title, the
    snippet."""
    ids = short_ids([hit["doc_id"] for hit in hits])
    table = Table(title=_text(f"search: {query} ({len(hits)} documents)", newlines=False),
                  box=box.SIMPLE_HEAD, expand=True, show_edge=False)
    table.add_column("doc", no_wrap=True, min_width=max(map(len, ids.values()), default=3))
    table.add_column("title", overflow="fold", ratio=1)
    table.add_column("snippet", overflow="fold", ratio=2)
    for hit in hits:
        table.add_row(ids[hit["doc_id"]], _text(hit["title"] or "", newlines=False),
                      _text(hit["snippet"], newlines=False))
    _print(table)


def _dash(value: Any) -> str:
    """A field's value for the eye: never ``None``."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _entity(e: dict[str, Any]) -> str:
    bits = [f"{e.get('code') or '?'} {e.get('sector') or '?'}"]
    if e.get("identifier_text"):
        bits.append(e["identifier_text"])
    if e.get("entity_text"):
        bits.append(f"“{e['entity_text']}”")
    if e.get("patron"):
        bits.append(f"patron {e['patron']}")
    return " · ".join(bits)


def _place(loc: dict[str, Any] | None) -> str:
    if not loc:
        return "—"
    bits = [loc.get("resolved_place") or "?"]
    bits += [b for b in (loc.get("province"), loc.get("country")) if b]
    text = ", ".join(bits) + f" ({loc.get('country_code') or '?'})"
    if loc.get("lat") is not None:
        text += f" · {loc['lat']:.4f}, {loc['lon']:.4f}"
    if loc.get("extracted_place"):
        text += f" · from “{loc['extracted_place']}”"
    return text


def _attribution(a: dict[str, Any] | None) -> str:
    if not a:
        return "—"
    text = a.get("text") or "?"
    if a.get("actor"):
        text += f" ({_entity(a['actor'])})"
    return text


def event_fields(event: dict[str, Any]) -> list[tuple[str, str]]:
    """Every field of a merged event, as (label, value) lines; a missing value is '—'."""
    counts = ", ".join(f"{c['value']:g} {c['kind']}" for c in event.get("counts") or [])
    when = _dash(event.get("date")) + (f" → {event['enddate']}" if event.get("enddate") else "")
    when += f" ({event.get('granularity') or '?'}; from the {event.get('date_basis') or '?'})"
    return [
        ("id", event["id"]),
        ("event", event["event"]), ("mode", _dash(event.get("mode"))),
        ("context", _dash(event.get("context"))), ("aux", _dash(event.get("aux"))),
        ("date", when),
        ("actor", "; ".join(map(_entity, event.get("actor") or [])) or "—"),
        ("recipient", "; ".join(map(_entity, event.get("recipient") or [])) or "—"),
        ("place", _place(event.get("event_loc"))),
        ("dead", _dash(event.get("dead"))), ("injured", _dash(event.get("injured"))),
        ("arrested", _dash(event.get("arrested"))), ("other counts", counts or "—"),
        ("on whose word", _attribution(event.get("attribution"))),
        ("confidence", f"{event.get('confidence', 0):.3f}"),
        ("cameo", _dash(event.get("cameo"))), ("quad class", _dash(event.get("quad_code"))),
        ("scale", _dash(event.get("event_scale"))),
        ("mentions", _dash(event.get("mentions"))), ("sources", _dash(event.get("sources"))),
        ("in caption", "yes" if event.get("in_caption") else "no"),
        ("documents", _dash(event.get("doc_ids") or event.get("doc_id"))),
    ]


def _grid(rows: list[tuple[str, Any]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        grid.add_row(label, value if isinstance(value, Text) else _text(value))
    return grid


def render_shown_event(event: dict[str, Any]) -> None:
    """One merged event, every field, then every report of it: its document, its figures and
    attribution, and its sentence with the evidence of every field highlighted."""
    console = _console()
    console.print(_grid(event_fields(event)))
    for report in event["reports"]:
        sentence = report["sentence"]
        line = _text(sentence["text"])  # one for one: the offsets still hold
        base = sentence["start"]
        for field, spans in report["evidence"].items():
            if field == "sentence":
                continue
            for span in spans:
                if sentence["start"] <= span["start"] < sentence["end"]:
                    line.stylize("bold yellow", span["start"] - base, span["end"] - base)
        figures = ", ".join(f"{k} {report[k]}" for k in ("dead", "injured", "arrested")
                            if report.get(k) is not None)
        console.print(Text(""))
        console.print(_grid([
            ("report", f"{report['published'] or 'undated'} · document {report['doc_id']}"),
            ("title", _dash(report.get("title"))), ("url", _dash(report.get("url"))),
            ("trigger", _dash((report.get("trigger") or {}).get("text"))),
            ("figures", figures or "—"),
            ("on whose word", _attribution(report.get("attribution"))),
            ("sentence", line)]))


def render_ambiguous(ids: list[str], more: bool) -> None:
    """The ids a prefix fits, one a line, on stderr after the one error line."""
    for i in ids:  # a feed's own ids are untrusted text
        print(f"  {safe(i, newlines=False)}", file=sys.stderr)
    if more:
        print("  …", file=sys.stderr)


def render_stored_article(article: dict[str, Any]) -> None:
    """A stored article: its metadata, its clean text, the events it reports."""
    console = _console()
    console.print(_grid([
        ("id", article["id"]), ("title", _dash(article.get("title"))),
        ("source", article["source"]), ("url", _dash(article.get("url"))),
        ("published", _dash(article.get("published"))),
        ("language", _dash(article.get("language"))),
        ("ingested", _dash(article.get("ingested_at"))),
        ("events", str(len(article["events"])))]))
    console.print(Text(""))
    console.print(_text(article["text"]))
    if article["events"]:
        console.print(events_table(article["events"], console.width, evidence=True,
                                   title="Events it reports"))


def render_failures(rows: list[dict[str, Any]]) -> None:
    table = Table(title=f"{len(rows)} failures", box=box.SIMPLE_HEAD, expand=True,
                  show_edge=False)
    table.add_column("input", overflow="fold", ratio=1)
    table.add_column("reason", overflow="fold", ratio=2)
    table.add_column("last seen", no_wrap=True)
    for r in rows:
        table.add_row(_text(r["input"], newlines=False), _text(r["reason"], newlines=False),
                      _text(r["at"]))
    _print(table)


def render_top_actors(rows: list[dict[str, Any]]) -> None:
    table = Table(title="actors", box=box.SIMPLE_HEAD, expand=True, show_edge=False)
    for column in ("code", "sector", "name", "most often", "events", "mentions"):
        justify = "right" if column in ("events", "mentions") else "left"
        table.add_column(column, justify=justify, overflow="fold",
                         no_wrap=column in ("code", "sector", "events", "mentions"))
    for row in rows:
        table.add_row(*(_text(cell, newlines=False) for cell in (
            row["code"], row["sector"] or "", row.get("name") or "", row.get("named") or "",
            str(row["events"]), str(row["mentions"]))))
    _print(table)


def render_timeline(by: str, rows: list[dict[str, Any]]) -> None:
    """Counts per period and quad class, and a bar; a row dated more coarsely than ``by``
    says so (``2021 (year)``)."""
    console = _console()
    table = Table(title=f"events by {by} (q1 verbal coop · q2 material coop · q3 verbal "
                        "conflict · q4 material conflict)", box=box.SIMPLE_HEAD,
                  show_edge=False)
    table.add_column("period", no_wrap=True)
    for column in ("q1", "q2", "q3", "q4", "all"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("chart · + ~ #", no_wrap=True)
    room = max(10, min(40, console.width - 45))
    peak = max((r["events"] for r in rows), default=1) or 1
    for r in rows:
        bar = "".join(ch * round(room * r[f"q{i}"] / peak) for i, ch in enumerate("·+~#", 1))
        period = r["period"] + (f" ({r['granularity']})" if r["granularity"] != by else "")
        table.add_row(period, *(str(r[f"q{i}"]) for i in range(1, 5)), str(r["events"]), bar)
    console.print(table)


# -- Lookups and scores -------------------------------------------------------------------


def render_record(record: dict[str, Any]) -> None:
    """A resolved actor or place, one field a line."""
    table = Table(show_header=False, box=None)
    for key, value in record.items():
        table.add_row(_text(key, "bold"), _text(value))
    _print(table)


def render_event_scores(gold, events, fields: tuple[str, ...], show_misses: int) -> None:
    table = Table(title=_text(f"events: {gold} ({events.records} records)"))
    for column in ("field", "precision", "recall", "F1", "gold"):
        table.add_column(column, justify="right" if column != "field" else "left")
    for key in fields:
        p, r, f = events.prf(key)
        table.add_row(key, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", str(events.gold[key]))
    console = Console(highlight=False)
    console.print(table)
    for miss in events.misses[:show_misses]:
        console.print(_text(f"miss: {miss}"))


def render_scores(kind: str, gold, score, show_misses: int) -> None:
    table = Table(title=_text(f"{kind}: {gold} ({score.total} cases)"))
    table.add_column("measure")
    table.add_column("accuracy", justify="right")
    for key in sorted(score.correct, key=lambda k: (k != "all", k)):
        table.add_row(_text(key), f"{score.accuracy(key):.3f}")
    for note, (good, total) in sorted(score.by_note.items()):
        table.add_row(_text(f"  {note}"), f"{good / total:.3f} ({good}/{total})")
    console = Console(highlight=False)
    console.print(table)
    for miss in score.misses[:show_misses]:
        console.print(_text(f"miss: {miss}"))
