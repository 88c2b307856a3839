"""The readable view of an Article for the terminal (rich). Page text is never markup."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .model import Article


def _section(title: str) -> Text:
    return Text(f"\n{title}", style="bold cyan")


def render_article(article: Article, console: Console) -> None:
    pub = article.published
    date = pub.date or "unknown"
    header = Text()
    header.append(article.title or "(no title)", style="bold")
    header.append(f"\n{article.source}", style="dim")
    if article.url:
        header.append(f"  {article.url}", style="dim")
    header.append(f"\nid {article.id} · language {article.language or '?'} · "
                  f"encoding {article.encoding} · published {date} ({pub.method}, "
                  f"confidence {pub.confidence:.1f})")
    if pub.evidence:
        header.append(f"\ndate evidence: {pub.evidence}", style="dim")
    if article.author:
        header.append(f"\nby {article.author}")
    parts: list = [header]
    if article.lede:
        parts += [_section("Lede"), Text(article.lede, style="italic")]
    parts.append(_section(f"Paragraphs ({len(article.paragraphs)})"))
    headings = {h.start: h for h in article.headings}
    for p in sorted(article.paragraphs + article.headings, key=lambda p: p.start):
        if p.start in headings:
            parts.append(Text(f"## {p.text}", style="bold"))
        else:
            parts.append(Text(f"[{p.language or '?'}] ", style="dim") + Text(p.text))
    if article.captions:
        parts.append(_section(f"Captions ({len(article.captions)})"))
        for c in article.captions:
            line = Text(f"[{c.language or '?'}] ", style="dim") + Text(c.text)
            if c.credit:
                line += Text(f"  — credit: {c.credit}", style="magenta")
            parts.append(line)
    if article.related:
        parts.append(_section(f"Related items, not part of the article ({len(article.related)})"))
        for r in article.related:
            parts.append(Text("• ") + Text(r.title or "(no title)", style="bold")
                         + Text(f" — {r.summary}" if r.summary else ""))
    if article.removed:
        parts.append(_section(f"Removed ({len(article.removed)})"))
        table = Table(show_header=True, header_style="bold", box=None)
        table.add_column("reason", style="yellow", no_wrap=True)
        table.add_column("text")
        for r in article.removed:
            table.add_row(Text(r.reason), Text(r.text[:160]))
        parts.append(table)
    if article.repairs:
        parts.append(_section(f"Repairs ({len(article.repairs)})"))
        for r in article.repairs:
            parts.append(Text(f"{r.kind}: ", style="yellow") + Text(r.before) + Text(" → ")
                         + Text(r.after, style="green"))
    console.print(Panel(Group(*parts), expand=True))
