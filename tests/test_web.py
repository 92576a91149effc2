"""URLs and saved web pages: extraction with trafilatura, bounded fetching, one-line failures.
Pages are served from 127.0.0.1 by a server the test starts (pages written for the tests, in
tests/fixtures/pages/)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from summarizer import InputError, summarize
from summarizer.cli import cli
from summarizer.load import load_article

PAGES = Path(__file__).parent / "fixtures" / "pages"
BOILERPLATE = ("cookies", "Subscribe now", "ADVERTISEMENT", "Related stories", "Fish prices", "Copyright", "tracking")


class _Pages(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        route = {
            "/harbor": (200, "text/html; charset=utf-8", (PAGES / "harbor.html").read_bytes()),
            "/script-only": (200, "text/html", (PAGES / "script_only.html").read_bytes()),
            "/plain": (200, "text/plain; charset=utf-8", b"Plain headline\n\n" + b"A plain text article. " * 20),
            "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
            "/gone": (410, "text/html", b"gone"),
            "/big": (200, "text/html", b"<p>" + b"x" * 300_000 + b"</p>"),
        }
        if self.path == "/slow":
            time.sleep(3)
        if self.path.startswith("/hop/"):
            n = int(self.path.rsplit("/", 1)[-1])
            return self._redirect("/harbor" if n == 0 else f"/hop/{n - 1}")
        if self.path == "/to-ftp":
            return self._redirect("ftp://127.0.0.1/file")
        if self.path == "/to-localhost":
            return self._redirect(f"http://localhost:{self.server.server_address[1]}/harbor")
        if self.path.startswith("/trickle/"):
            return self._trickle(int(self.path.rsplit("/", 1)[-1]))
        status, kind, body = route.get(self.path, (404, "text/html", b"<h1>Not found</h1>"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.agents.append(self.headers.get("User-Agent", ""))

    def _trickle(self, hops: int):
        """Headers one byte at a time, 0.2 s apart: no single read ever times out. With hops
        left, the trickled answer is a redirect to the next hop."""
        head = b"HTTP/1.1 302 Found\r\nLocation: /trickle/%d\r\n" % (hops - 1) if hops else b"HTTP/1.1 200 OK\r\n"
        head += b"Content-Type: text/html\r\nContent-Length: 0\r\nX-Padding: " + b"p" * 40 + b"\r\n\r\n"
        self.server.trickling += 1
        try:
            for byte in head:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:  # the client hung up, as it should
            pass
        finally:
            self.server.trickling -= 1
        self.close_connection = True

    def _redirect(self, to: str):
        self.send_response(302)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    server.agents = []
    server.trickling = 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_url_is_briefed_from_its_main_text_with_the_page_metadata(site):
    server, base = site
    article = load_article(f"{base}/harbor")
    assert article.text.startswith("Norway and Vestia sign harbor supply deal\n\n")  # the title first
    assert "Anna Keller told reporters" in article.text
    assert not any(b in article.text for b in BOILERPLATE)
    assert article.origin["site_name"] == "The Coast Times" and article.origin["author"] == "Ines Walder"
    assert article.origin["published"].startswith("2019-11-20") and article.origin["url"].endswith("/harbor")
    assert server.agents[-1].startswith("summarizer/")  # the User-Agent names the project


def test_the_brief_of_a_url_carries_its_source_and_offsets_on_the_extracted_text(site, capsys):
    _, base = site
    assert cli(["brief", f"{base}/harbor", "--format", "json"]) == 0
    brief = json.loads(capsys.readouterr().out)
    assert brief["meta"]["source"]["site_name"] == "The Coast Times"
    assert cli(["extract", f"{base}/harbor"]) == 0
    text = capsys.readouterr().out
    spans = [x["evidence"] for k in ("participants", "positions", "agreed_points", "cited_outlets") for x in brief[k]]
    assert spans and all(text[e["start"] : e["end"]] == e["quote"] for e in spans)
    # the publishing site is the page's, not a source the article cites
    assert "The Coast Times" not in {o["name"] for o in brief["cited_outlets"]}
    assert {o["name"] for o in brief["cited_outlets"]} == {"Harbor Ledger"}


def test_extract_json_adds_the_metadata(site, capsys):
    _, base = site
    assert cli(["extract", f"{base}/harbor", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"]["title"] == "Norway and Vestia sign harbor supply deal" and data["text"].startswith("Norway")


def test_a_saved_page_is_extracted_like_a_url(tmp_path):
    page = tmp_path / "saved.html"
    page.write_bytes((PAGES / "harbor.html").read_bytes())
    brief = summarize(load_article(page).text)
    assert brief.title == "Norway and Vestia sign harbor supply deal"
    assert not any(b in load_article(page).text for b in BOILERPLATE)


@pytest.mark.parametrize(
    "path, message",
    [
        ("/gone", "HTTP 410 (gone)"),
        ("/missing", "HTTP 404 (not found)"),
        ("/image", "image/png, not an HTML page or text"),
        ("/script-only", "no article text found"),
        ("/to-ftp", "redirects to a ftp address"),
        ("/hop/7", "redirects more than 5 times"),
        ("/big", "over the 100,000-byte limit"),
    ],
)
def test_fetch_failures_are_one_line_with_a_nonzero_exit(site, capsys, path, message):
    _, base = site
    assert cli(["brief", f"{base}{path}", "--max-bytes", "100000", "--allow-private-urls"]) == 3
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_refused_schemes_and_a_slow_server(site, capsys, monkeypatch):
    _, base = site
    for url in ("ftp://127.0.0.1/a.txt", "file:///etc/hostname"):
        assert cli(["brief", url]) == 3
    assert capsys.readouterr().err.count("only http and https are fetched") == 2
    import summarizer.web as web

    monkeypatch.setattr(web, "READ_TIMEOUT_S", 0.5)
    with pytest.raises(InputError, match="did not answer in time"):
        load_article(f"{base}/slow")


def test_a_plain_text_url_and_a_redirect_chain_within_the_limit(site):
    _, base = site
    assert load_article(f"{base}/plain").text.startswith("Plain headline")
    assert "Anna Keller" in load_article(f"{base}/hop/4", allow_private=True).text


def test_the_deadline_bounds_trickled_headers_and_a_chain_of_slow_redirects(site):
    """Issue 18.1: a server that sends its headers one byte at a time never trips a per-read
    timeout; the fetch's own deadline must stop it, and it must cover every redirect too. The
    trickle takes ~11 s per hop: getting the deadline's message while the server is still
    sending proves the deadline, not the server, ended the fetch."""
    import summarizer.web as web

    server, base = site
    for path in ("/trickle/0", "/trickle/6"):
        with pytest.raises(InputError, match=r"took longer than 1s"):
            web.fetch(f"{base}{path}", max_bytes=100_000, deadline_s=1.0, allow_private=True)
        assert server.trickling == 1, "the fetch gave up while the server was still trickling"
        while server.trickling:
            time.sleep(0.05)


def test_redirects_and_feed_urls_must_reach_public_addresses(site, tmp_path, capsys):
    """Issue 18.10: a URL the user types may be local, but where it redirects, and what a feed
    lists, must resolve to a public address unless --allow-private-urls."""
    import asyncio

    from summarizer.batch.runner import BatchOptions, run_batch
    from summarizer.batch.sources import iter_items
    from summarizer.settings import Settings

    _, base = site
    port = base.rsplit(":", 1)[-1]
    assert cli(["extract", f"{base}/to-localhost"]) == 3
    err = capsys.readouterr().err
    assert "localhost resolves to 127.0.0.1, which is not a public address" in err and err.count("\n") == 1
    assert "--allow-private-urls" in err
    assert cli(["extract", f"{base}/to-localhost", "--allow-private-urls"]) == 0
    assert "Anna Keller" in capsys.readouterr().out

    feed = tmp_path / "feed.jsonl"
    hosts = {"dotted": "127.0.0.1", "name": "localhost", "number": "2130706433", "v6": "[::1]"}
    feed.write_text("".join(json.dumps({"id": k, "url": f"http://{h}:{port}/harbor"}) + "\n" for k, h in hosts.items()))
    for allowed in (False, True):
        out = tmp_path / f"out-{allowed}"
        tally = asyncio.run(
            run_batch(
                list(iter_items([str(feed)])),
                len(hosts),
                Settings(engine="extractive", allow_private_urls=allowed),
                BatchOptions(out=out, quiet=True),
            )
        )
        if allowed:  # ::1 may have no listener (the server binds 127.0.0.1): only the v4 ones must work
            assert {"dotted", "name", "number"} <= {p.stem for p in out.glob("*.json")}
        else:
            assert (tally.done, tally.failed) == (0, len(hosts))
            rows = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
            assert all("not a public address" in row["error"] for row in rows)


def test_batch_reads_url_records(site, tmp_path):
    import asyncio

    from summarizer.batch.runner import BatchOptions, run_batch
    from summarizer.batch.sources import iter_items
    from summarizer.settings import Settings

    _, base = site
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "harbor", "url": f"{base}/harbor"}) + "\n" + json.dumps({"id": "gone", "url": f"{base}/gone"})
    )
    items = list(iter_items([str(feed)]))
    tally = asyncio.run(
        run_batch(
            items,
            2,
            Settings(engine="extractive", allow_private_urls=True),
            BatchOptions(out=tmp_path / "out", quiet=True),
        )
    )
    assert (tally.done, tally.failed) == (1, 1)
    brief = json.loads((tmp_path / "out" / "harbor.json").read_text())
    assert brief["meta"]["source"]["url"].endswith("/harbor")


def test_boilerplate_lines_of_a_page_are_left_out_and_counted(tmp_path):
    """Issue 22: related links, sharing prompts, a person card, a newsletter promo and credits
    stay out of the text (and so out of the brief); the site's suffix leaves the title; the
    headline repeated as the first body line is said once; <html lang> gives the language."""
    from summarizer.load import article_from_page

    article = article_from_page((PAGES / "promo_heavy.html").read_bytes(), "promo_heavy.html")
    text = article.text
    assert text.split("\n\n")[0] == "Harbor council approves the new ferry line"
    assert text.count("Harbor council approves the new ferry line") == 1
    for junk in ("Read more", "Share it with a friend", "MORE (R)", "newsletter", "Graphic:", "Additional reporting"):
        assert junk not in text, junk
    for kept in ("voted on Tuesday", "Ilse Marten said", "Nordlys Shipping, agreed", "seven to four"):
        assert kept in text, kept
    assert article.origin["language"] == "en"
    assert any(w.startswith("left out 6 line(s) of the page") for w in article.warnings), article.warnings
    brief = summarize(text)
    assert "MORE" not in {p.name for p in brief.participants}


def test_a_saved_page_says_its_text_was_extracted(tmp_path):
    saved = tmp_path / "page.html"
    saved.write_bytes((PAGES / "harbor.html").read_bytes())
    assert "its main text was extracted" in load_article(saved).warnings[0]


def test_a_connection_error_names_the_host_and_gives_a_hint(capsys):
    assert cli(["extract", "http://127.0.0.1:9/story"]) == 3
    err = capsys.readouterr().err
    assert "cannot connect to 127.0.0.1" in err and "check the address and your network connection" in err


@pytest.mark.parametrize(
    "line, kind",
    [
        ("More:", "related link"),
        ("Read more: Port Vestia budget talks stall again", "related link"),
        ("Lire aussi : La crise du port de Vestia", "related link"),
        ("Also on rt.com Vestia answers the council", "related link"),
        ("Like this story? Share it with a friend!", "sharing prompt"),
        ("Subscribe to the Morning Tide newsletter", "newsletter promo"),
        ("Anna KellerAnna Maria KellerVestia foreign minister MORE (R)", "person card"),
        ("Photo: Tomas Berg", "credit"),
        ("Reporting by Ilse Marten; Editing by Tomas Berg", "credit"),
        ("Heba Marten contributed to this report.", "credit"),
        (
            "The ferry left Vestia on Monday, the port said.(Ilse Marten/ Vestia Port Press Service photo via AP)",
            "credit",
        ),
        ("Passengers board the first ferry at Port Vestia. (Tomas Berg / The Vestia Times)", "credit"),
        ("The council approved the line (seven votes to four) on Tuesday.", None),
        ("Ilse Marten (left) and Tomas Berg board the ferry.", None),
        ("A worker repairs cables in Vestia. Credit Ilse Marten/The Vestia Times", "credit"),
        ("Father Berg is said to be mediating Credit: TOMAS BERG/ AFP", "credit"),
        ("Credit card fees rose in Vestia, the council said.", None),
        ("Ilse Marten, the woman with the ferry plan. Photo by Tomas Berg/Vestia Daily", "credit"),
        ("Harbor Tales: Vestia Daily chronicles the port's history. Check it out here.", "sharing prompt"),
        ("The photo by Tomas Berg won a prize in May, the jury said.", None),
        ("A version of this article appears in print on Page A1 of the Vestia edition.", "credit"),
        ("Ilse Marten and Tomas Berg contributed reporting from Port Vestia.", "credit"),
        (
            "Tomas Berg is a reporter for Vestia Daily. Follow him on Twitter @tberg or email tb@vestia.example",
            "author's note",
        ),
        ("Berg contributed $2 million to the mayor's campaign and to the port fund in 2020.", None),
        ("Tomas Berg is a reporter for Vestia Daily who first broke the story in March.", None),
        ("More than 200 people boarded the ferry on its first day.", None),
        ("Read the council's statement in full, Marten said.", None),
        ("The newsletter she founded in 1990 now has 20,000 readers.", None),
        ("Photographers waited at the quay for the first crossing.", None),
        ("Keller said she would share more details on Monday.", None),
    ],
)
def test_boilerplate_kinds_on_invented_lines_both_ways(line, kind):
    from summarizer.boilerplate import kind_of

    assert kind_of(line) == kind


@pytest.mark.parametrize(
    "title, site, clean",
    [
        ("Ferry line approved | Coastal Courier", "Coastal Courier", "Ferry line approved"),
        ("Ferry line approved | CC | 19.01.2020", "CC", "Ferry line approved"),
        ("港口渡轮获批-新华网", "新华网", "港口渡轮获批"),
        ("Ferry line approved - Coastal Courier", "Coastal Courier", "Ferry line approved"),
        ("Keller - Reyes talks end without a deal", None, "Keller - Reyes talks end without a deal"),
        ("Ferry line approved", "Coastal Courier", "Ferry line approved"),
    ],
)
def test_a_title_loses_the_sites_suffix_and_nothing_else(title, site, clean):
    from summarizer.boilerplate import clean_title

    assert clean_title(title, site) == clean


def test_a_closing_line_on_the_authors_beat_is_left_out_and_only_there():
    from summarizer.boilerplate import clean_paragraphs

    story = ["Vestia opened its ferry line on Monday.", "Tomas Berg covers the harbor for the paper.", "It ran late."]
    kept, dropped = clean_paragraphs(
        [*story, "Ilse Marten covers the port. Since joining the paper, she has covered ferries."]
    )
    assert kept == story and dropped == {"author's note": 1}  # the last line is the author's note
    kept, dropped = clean_paragraphs(story)
    assert kept == story and dropped == {}  # a line on someone's beat inside the story stays
    kept, dropped = clean_paragraphs([*story, "About the Author", "Ilse Marten is the author of The Harbor Kitchen."])
    assert kept == story and dropped == {"author's note": 2}
    kept, _ = clean_paragraphs([*story, "Tomas Berg is on Twitter at tberg."])
    assert kept == story
    kept, _ = clean_paragraphs([*story, "Tomas Berg has covered the port since 2012. He joined the paper in 2007."])
    assert kept == story
    note = "Tomas Berg / Tomas is the Harbor Editor at Vestia Daily, which he joined in 2012."
    kept, _ = clean_paragraphs([*story, note])
    assert kept == story
