"""Every terminal view (rich): an Article, an Analysis, the events of an article, the store's
query results, evaluation scores. Page text is never markup, and never reaches the
terminal raw: every text that comes from a document goes through ``safe`` (through
``_text``), so an escape sequence in a title prints as visible characters."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..model import Actor, Analysis, Article, Event, Party, Place

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
        table.add_column(column)
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


def _party(code: str | None, sector: str | None, name: str | None) -> str:
    return f"{code or '?'} {sector or '?'}" + (f" {name}" if name else "")


def parties(entities: list[dict]) -> str:
    """Actors or recipients (JSON, as the store gives them) in one cell: ``USA GOV Joe Biden;
    IRQ GOV``."""
    return "; ".join(_party(e.get("code"), e.get("sector"), e.get("identifier_text"))
                     for e in entities or [])


def _event_parties(entities: list[Party]) -> str:
    """``parties`` for an Event's own actors or recipients."""
    return "; ".join(_party(p.code, p.sector, p.identifier_text) for p in entities)


def _event_row(e: Event) -> tuple:
    what = f"{e.event}" + (f" ({e.mode})" if e.mode else "")
    if e.aux:
        what += " [" + ", ".join(e.aux) + "]"
    where = ""
    if e.event_loc:
        where = f"{e.event_loc.resolved_place}, {e.event_loc.country_code or '?'}"
    when = (e.date or "?") + (f" → {e.enddate}" if e.enddate else "")
    counts = ", ".join(f"{k} {v}" for k, v in (("dead", e.dead), ("injured", e.injured),
                                                ("arrested", e.arrested)) if v is not None)
    counts = ", ".join(filter(None, [counts] + [f"{c['value']:g} {c['kind']}"
                                                for c in e.counts]))
    word = (e.attribution or {}).get("text", "")
    return (_text(_event_parties(e.actor)), _text(what), _text(_event_parties(e.recipient)),
            _text(where), when, _text(counts), _text(word[:60]),
            f"{e.confidence:.2f}" + (" caption" if e.in_caption else ""))


_EVENT_COLUMNS = ("who", "did what", "to whom", "where", "when", "counts", "on whose word",
                  "conf.")


def render_events(analysis: Analysis, console: Console, candidates: bool = False) -> None:
    """An article's events and quotes; with ``candidates``, then its candidates (records
    short of an event), each with the reason."""
    article = analysis.article
    header = _text(article.title or "(no title)", "bold", newlines=False)
    shown = f", {len(analysis.candidates)} candidates" if candidates else ""
    header.append(safe(f"\n{article.source} · published {article.published.date or 'unknown'} "
                       f"· {len(analysis.events)} events{shown}, {len(analysis.quotes)} quotes"),
                  style="dim")
    if article.lede:
        header.append(f"\n{safe(article.lede)}", style="italic")
    parts: list = [header, _table("Events", _EVENT_COLUMNS,
                                  [_event_row(e) for e in analysis.events])]
    if candidates:
        parts.append(_table("Candidates, not events", _EVENT_COLUMNS + ("reason",), [
            (*_event_row(c.event), _text(c.reason)) for c in analysis.candidates]))
    parts.append(_table("Quotes", ("quote", "speaker"), [
        (_text(q.text[:160]), _text(f"{q.speaker.text} [{_actor_cell(q.speaker.actor)}]"
                                    if q.speaker else "?")) for q in analysis.quotes]))
    console.print(Panel(Group(*parts), expand=True))


# -- The store ----------------------------------------------------------------------------


def _print(table: Table) -> None:
    Console(highlight=False).print(table)


def render_stored_events(events: list[dict[str, Any]]) -> None:
    """The compact table of merged events (``events --format table``): rendering, not export."""
    table = Table(title=f"{len(events)} events")
    for column in ("id", "date", "who", "did what", "to whom", "where", "counts", "src"):
        table.add_column(column)
    for e in events:
        loc = e.get("event_loc") or {}
        counts = ", ".join(f"{k} {e[k]}" for k in ("dead", "injured", "arrested")
                           if e.get(k) is not None)
        what = e["event"] + (f" ({e['mode']})" if e["mode"] else "")
        what += f" [{', '.join(e['aux'])}]" if e.get("aux") else ""
        table.add_row(*(_text(cell, newlines=False) for cell in (
            e["id"], e.get("date") or "", parties(e.get("actor")), what,
            parties(e.get("recipient")), loc.get("resolved_place") or "", counts,
            str(e.get("sources", 1)))))
    _print(table)


def render_search(query: str, hits: list[dict[str, Any]]) -> None:
    table = Table(title=_text(f"search: {query}", newlines=False))
    for column in ("doc", "title", "snippet"):
        table.add_column(column)
    for hit in hits:
        table.add_row(_text(hit["doc_id"], newlines=False),
                      _text(hit["title"] or "", newlines=False),
                      _text(hit["snippet"], newlines=False))
    _print(table)


def render_shown_event(event: dict[str, Any]) -> None:
    """One merged event and every report of it, the evidence highlighted."""
    console = Console(highlight=False)
    console.print(_text(f"{event['event']} {event['mode']} · {parties(event.get('actor'))} → "
                        f"{parties(event.get('recipient'))} · {event.get('date')} · "
                        f"{event.get('sources')} sources", "bold", newlines=False))
    for report in event["reports"]:
        sentence = report["sentence"]
        line = _text(sentence["text"])  # one for one: the offsets still hold
        base = sentence["start"]
        for spans in report["evidence"].values():
            for span in spans:
                if sentence["start"] <= span["start"] < sentence["end"]:
                    line.stylize("bold yellow", span["start"] - base, span["end"] - base)
        console.print(Text("\n") + _text(f"{report['published'] or '?'} {report['title'] or ''} "
                                          f"({report['doc_id']})", "dim", newlines=False))
        console.print(line)


def render_top_actors(rows: list[dict[str, Any]]) -> None:
    table = Table(title="actors")
    for column in ("code", "sector", "events", "mentions"):
        table.add_column(column)
    for row in rows:
        table.add_row(*(_text(cell, newlines=False) for cell in (
            row["code"], row["sector"] or "", str(row["events"]), str(row["mentions"]))))
    _print(table)


def render_timeline(by: str, rows: list[dict[str, Any]]) -> None:
    table = Table(title=f"events by {by} (q1 verbal coop · q2 material coop · q3 verbal "
                        "conflict · q4 material conflict)")
    for column in ("period", "q1", "q2", "q3", "q4", "chart"):
        table.add_column(column)
    peak = max((sum(r[f"q{i}"] for i in range(1, 5)) for r in rows), default=1) or 1
    for r in rows:
        bar = "".join(ch * round(30 * r[f"q{i}"] / peak) for i, ch in enumerate("·+~#", start=1))
        table.add_row(_text(r["period"]), *(str(r[f"q{i}"]) for i in range(1, 5)), bar)
    _print(table)


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
