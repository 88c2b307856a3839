"""Hostile input: oversized bodies, bad ids, markup in article text, errors as problem
details with no traceback, the security headers."""

from __future__ import annotations

import re

import pytest

from newsevents.web.security import CSP

MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>",
          '<a href="javascript:alert(3)">', "</textarea><script>alert(4)</script>")


def test_oversized_bodies_are_refused_before_reading(client, auth):
    big = b"{" + b" " * 1_100_000 + b"}"
    response = client.post("/api/extract", content=big,
                           headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["title"] == "Content Too Large"
    assert response.headers["x-content-type-options"] == "nosniff"

    def chunks():  # no Content-Length: the limit holds on the bytes as they come
        for _ in range(40):
            yield b" " * 50_000

    chunked = client.post("/api/extract", content=chunks(),
                          headers={"content-type": "application/json"})
    assert chunked.status_code == 413
    event = client.get("/api/events?limit=1").json()["events"][0]["id"]
    review = client.post(f"/api/events/{event}/review", content=big, headers={
        **auth, "content-type": "application/json"})
    assert review.status_code == 413


def test_paste_over_the_character_cap_is_413(client):
    text = "Rebels attacked a police station. " * 7000  # 238,000 characters, under 1 MB
    response = client.post("/api/extract", json={"text": text})
    assert response.status_code == 413
    page = client.post("/paste", data={"content": text, "kind": "text"})
    assert page.status_code == 413 and "200000 characters" in page.text


@pytest.mark.parametrize("path", [
    "/api/events/ffffffffffffffff", "/api/documents/ffffffffffffffff",
    "/events/ffffffffffffffff", "/documents/ffffffffffffffff", "/api/nothing-here"])
def test_unknown_ids_are_404_problem_details(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404


@pytest.mark.parametrize("path", [
    "/api/events/..%2F..%2Fetc%2Fpasswd", "/api/events/' OR 1=1 --",
    "/api/documents/" + "a" * 65, "/api/events?cursor=%00%ff", "/api/events?limit=100000",
    "/api/events?since=yesterday", "/api/events?sort=id;DROP TABLE events"])
def test_malformed_requests_are_4xx_without_traceback(client, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500, path
    assert "Traceback" not in response.text and "File \"" not in response.text
    assert response.json()["title"]


def test_security_headers_on_pages_api_and_static(client):
    for path in ("/", "/api/events", "/static/app.css", "/docs", "/nothing"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CSP, path
        assert headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in CSP and "script-src 'self'" in CSP
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP


def _no_live_markup(html: str) -> None:
    for markup in MARKUP:
        assert markup not in html, markup
    # The only scripts are the server's own files.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert re.fullmatch(r'<script src="/static/[\w./-]+\.js" defer>', tag), tag
    assert "onerror=" not in html.replace("onerror=alert(2)&gt;", "")


def test_markup_in_an_article_is_text_on_every_page(client, hostile_doc):
    article = client.get(f"/documents/{hostile_doc}")
    assert article.status_code == 200
    _no_live_markup(article.text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article.text
    assert "&lt;/textarea&gt;&lt;script&gt;alert(4)&lt;/script&gt;" in article.text
    events = client.get(f"/api/documents/{hostile_doc}").json()["events"]
    assert events, "the hostile article reports an event"
    for event in events:
        page = client.get(f"/events/{event['id']}")
        _no_live_markup(page.text)
        assert "&lt;img src=x onerror=alert(2)&gt;" in page.text
    explorer = client.get("/", params={"text": "Goma"}).text
    _no_live_markup(explorer)
    # The API gives the words exactly as written (JSON is data).
    doc = client.get(f"/api/documents/{hostile_doc}").json()
    assert "<script>alert(1)</script>" in doc["text"]


def test_markup_in_a_paste_and_in_filters_is_escaped(client):
    pasted = client.post("/paste", data={"kind": "text", "content": (
        "Rebels attacked a police station in Goma on Monday, killing three officers "
        "</textarea><script>alert(4)</script>, the army said.")})
    assert pasted.status_code == 200
    _no_live_markup(pasted.text)
    assert pasted.text.count("&lt;/textarea&gt;&lt;script&gt;") >= 2  # the form and the text
    explorer = client.get("/", params={"actor": '"><script>alert(5)</script>'})
    assert "<script>alert(5)" not in explorer.text
    assert "&#34;&gt;&lt;script&gt;alert(5)" in explorer.text


def test_a_browser_gets_errors_as_pages_and_the_api_as_json(client):
    page = client.get("/events/ffffffffffffffff", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no event ffffffffffffffff" in page.text
    hostile = client.get("/documents/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                         headers={"Accept": "text/html"})
    assert hostile.status_code in (404, 422) and "<script>alert(1)" not in hostile.text
    api = client.get("/api/events/ffffffffffffffff", headers={"Accept": "text/html"})
    assert api.headers["content-type"].startswith("application/problem+json")
