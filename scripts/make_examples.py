"""Regenerate `seeds/examples/`: the sample article's brief as every format shows it, made by the
current code, so the examples cannot drift from the output (`tests/test_examples.py` fails when
they do). The extractive engine writes them (no model, no key); `elapsed_s` is set to 0 so the
files depend on the code alone.

    python scripts/make_examples.py    # brief.json .md .html .pdf, brief-page.png, brief-page-narrow.png

The PNGs are headless Chromium screenshots of brief.html, at 1200 and at 420 pixels wide (one
column); the sidecar `brief-page.png.sha256` records which HTML they show. Without Chromium the
PNG is left as it is and the script says so.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "000_46441950d65b9f7a.txt"
EXAMPLES = ROOT / "seeds" / "examples"
FORMATS = {"json": "brief.json", "md": "brief.md", "html": "brief.html", "pdf": "brief.pdf"}


def example_brief():
    """The sample's extractive brief, with the one field that depends on the clock zeroed."""
    from summarizer.load import load_article
    from summarizer.pipeline import extractive_brief

    article = load_article(SAMPLE)
    brief = extractive_brief(article)
    brief.meta.elapsed_s = 0.0
    return brief, article.text


def rendered() -> dict[str, str | bytes]:
    from summarizer.render import render

    brief, text = example_brief()
    return {name: render(brief, fmt, text) for fmt, name in FORMATS.items()}


def html_digest(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def main() -> int:
    EXAMPLES.mkdir(parents=True, exist_ok=True)
    files = rendered()
    for name, content in files.items():
        path = EXAMPLES / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        print("no Chromium: brief-page.png left as it is", file=sys.stderr)
        return 0
    # the page on a desktop, and on a phone's width (one column)
    for name, size in (("brief-page.png", "1200,1400"), ("brief-page-narrow.png", "420,1400")):
        with tempfile.TemporaryDirectory() as profile:
            shot = EXAMPLES / name
            subprocess.run(
                [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--hide-scrollbars", f"--user-data-dir={profile}", f"--screenshot={shot}",
                 f"--window-size={size}", (EXAMPLES / "brief.html").as_uri()],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip
            print(f"wrote {shot.relative_to(ROOT)}")
    (EXAMPLES / "brief-page.png.sha256").write_text(html_digest(files["brief.html"]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
