"""The Python API: newsevents.clean(data, url=..., content_type=...)."""

from __future__ import annotations

import pytest

import newsevents

PAGE = """Kenyan police arrest 23 after fuel tax march in Nairobi

Kenyan police arrested 23 people in Nairobi on 4 July 2023 after a march against a new fuel tax.

Officers fired tear gas when protesters tried to reach parliament, the police spokesman said.
"""


def test_clean_plain_text_string():
    article = newsevents.clean(PAGE)
    assert isinstance(article, newsevents.Article)
    assert article.title == "Kenyan police arrest 23 after fuel tax march in Nairobi"
    assert len(article.paragraphs) == 2 and article.language == "en"
    assert article.published.date == "2023-07-04"


def test_clean_html_bytes_with_declared_charset():
    html = ("<html><head><title>Élection</title><meta property='article:published_time' "
            "content='2024-01-12'></head><body><article><h1>Les députés votent</h1>"
            + "<p>Les députés ont adopté le texte à l'unanimité après un long débat.</p>" * 6
            + "</article></body></html>")
    article = newsevents.clean(html.encode("cp1252"), content_type="text/html; charset=cp1252",
                               url="https://example.org/a")
    assert article.title == "Les députés votent"
    assert article.url == "https://example.org/a"
    assert article.published.date == "2024-01-12" and article.published.method == "metadata"
    assert "députés" in article.paragraphs[0].text


def test_a_str_page_is_not_redecoded_by_its_meta_charset():
    html = ("<html><head><meta charset='windows-1252'></head><body><article><h1>Título</h1>"
            + "<p>El ministro habló después de la reunión con la oposición en Bogotá.</p>" * 5
            + "</article></body></html>")
    assert "después" in newsevents.clean(html).text


def test_same_input_same_id_different_input_different_id():
    assert newsevents.clean(PAGE).id == newsevents.clean(PAGE).id
    assert newsevents.clean(PAGE).id != newsevents.clean(PAGE + "\nMore text.").id


@pytest.mark.parametrize("data", [b"", b"   \n ", b"\x89PNG\r\n\x1a\n" + bytes(64)])
def test_bad_input_raises_input_error(data):
    with pytest.raises(newsevents.InputError):
        newsevents.clean(data)


def test_analyze_and_resolvers_are_public():
    analysis = newsevents.analyze(PAGE)
    assert isinstance(analysis, newsevents.Analysis)
    assert any(m.place and m.place.country_code == "KEN" for m in analysis.entities)
    assert newsevents.resolve_actor("Kenyan police").sector == "COP"
    assert newsevents.resolve_place("Nairobi").country_code == "KEN"


def test_extract_and_pipeline():
    page = ("Rebels attack army base in Mali\n\n"
            "Islamist fighters attacked an army base in central Mali on 3 May 2023, killing "
            "12 soldiers, the army said.\n")
    result = newsevents.extract(page)
    assert any(e.event == "ASSAULT" for e in result.events)
    batch = list(newsevents.Pipeline().pipe([page, PAGE]))
    assert len(batch) == 2 and batch[0].article.id == result.article.id
