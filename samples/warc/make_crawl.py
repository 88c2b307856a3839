#!/usr/bin/env python3
"""Build samples/warc/crawl.warc.gz from the HTML pages in samples/warc/pages/.

Needs the `warcio` package (pip install warcio). The output is deterministic:
every WARC-Date and WARC-Record-ID is fixed here, and the gzip members that
warcio writes carry no timestamp (zlib writes mtime 0).

Records written, in order:
  1. warcinfo
  2. request   (GET for the first page)
  3. response  text/html  (first page, sorted by file name)
  4. response  text/html  (second page)
  5. response  image/png  (a tiny fake PNG that a news reader should skip)

Usage: python3 samples/warc/make_crawl.py
"""
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
OUT = HERE / "crawl.warc.gz"

# Page file name -> (URL, crawl date). Sorted by file name for a stable order.
URLS = {
    "kosovo-barricades.html": (
        "https://balkanledger.example/region/kosovo-barricades-removed",
        "2022-12-29T16:00:00Z",
    ),
    "niger-ecowas.html": (
        "https://sahelcourier.example/africa/ecowas-sanctions-niger",
        "2023-07-31T10:00:00Z",
    ),
}

# Smallest useful stand-in for an image: the PNG signature plus a few bytes.
FAKE_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00" + b"fakepng"


def rid(n: int) -> str:
    return "<urn:uuid:00000000-0000-4000-8000-%012d>" % n


def main() -> None:
    pages = sorted(PAGES.glob("*.html"))
    if len(pages) != 2:
        raise SystemExit("expected exactly two pages in %s, found %d" % (PAGES, len(pages)))

    with open(OUT, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        # 1. warcinfo
        info = (
            "software: newsevents samples make_crawl.py (warcio)\r\n"
            "format: WARC File Format 1.0\r\n"
            "description: sample crawl of two fictional news pages and one image\r\n"
        ).encode("utf-8")
        writer.write_record(
            writer.create_warc_record(
                "",
                "warcinfo",
                payload=BytesIO(info),
                length=len(info),
                warc_content_type="application/warc-fields",
                warc_headers_dict={
                    "WARC-Record-ID": rid(1),
                    "WARC-Date": "2023-08-01T00:00:00Z",
                    "WARC-Filename": OUT.name,
                },
            )
        )

        first_url, first_date = URLS[pages[0].name]
        host = first_url.split("/")[2]
        path = "/" + first_url.split("/", 3)[3]

        # 2. request for the first page
        req_headers = StatusAndHeaders(
            "GET %s HTTP/1.1" % path,
            [
                ("Host", host),
                ("User-Agent", "newsevents-sample-crawler/1.0"),
                ("Accept", "text/html"),
            ],
            is_http_request=True,
        )
        writer.write_record(
            writer.create_warc_record(
                first_url,
                "request",
                http_headers=req_headers,
                warc_headers_dict={
                    "WARC-Record-ID": rid(2),
                    "WARC-Date": first_date,
                    "WARC-Concurrent-To": rid(3),
                },
            )
        )

        # 3-4. the two HTML responses
        for n, page in enumerate(pages, start=3):
            url, date = URLS[page.name]
            body = page.read_bytes()
            http_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                ],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=BytesIO(body),
                    length=len(body),
                    http_headers=http_headers,
                    warc_headers_dict={"WARC-Record-ID": rid(n), "WARC-Date": date},
                )
            )

        # 5. an image response that a news reader should skip
        img_headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "image/png"), ("Content-Length", str(len(FAKE_PNG)))],
            protocol="HTTP/1.1",
        )
        writer.write_record(
            writer.create_warc_record(
                "https://sahelcourier.example/img/niamey-rally.png",
                "response",
                payload=BytesIO(FAKE_PNG),
                length=len(FAKE_PNG),
                http_headers=img_headers,
                warc_headers_dict={"WARC-Record-ID": rid(5), "WARC-Date": "2023-07-31T10:00:05Z"},
            )
        )

    print("wrote", OUT)


if __name__ == "__main__":
    main()
