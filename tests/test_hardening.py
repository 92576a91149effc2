"""Regression tests for the hostile, careless and unlucky cases of the hardening issue, one or
more per numbered item. Model answers come from the SCRIPTED server (queued, never recorded)."""

from __future__ import annotations

import asyncio
import copy
import json
import os
import stat
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from summarizer import BudgetExceeded, ConfigError, InputError, ModelError, Settings, summarize
from summarizer.batch.cache import BriefCache
from summarizer.batch.outdir import RESULTS, STATE_DIR, FolderLock
from summarizer.batch.runner import BatchOptions, run_batch
from summarizer.batch.sources import iter_items
from summarizer.cli import cli
from summarizer.extractive import extract_brief
from summarizer.load import Article, load_article
from summarizer.testing import ScriptedServer, fault, raw, reply, trickle
from summarizer.testing.steps import completion
from tests.helpers import SEED

KEY = "sk-hardening-SECRET-0123456789"


def results(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / RESULTS).read_text().splitlines() if line.strip()]


def batch(inputs: list, out: Path, allow: list[Path] | None = None, **kw) -> object:
    opts = BatchOptions(out=out, concurrency=2, quiet=True, **kw)
    items = list(iter_items([str(i) for i in inputs], allow_paths=allow))
    return asyncio.run(run_batch(items, len(items), Settings(engine="extractive"), opts))


# --- 1. outputs keep special files, symlinks and the umask -----------------------------------


def test_output_to_a_fifo_is_written_in_place(tmp_path):
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert cli(["brief", str(SEED), "-o", str(fifo)]) == 0  # nothing to overwrite: no --force needed
    reader.join(10)
    assert stat.S_ISFIFO(fifo.stat().st_mode) and b"# " in got[0]


def test_output_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "target.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert cli(["brief", str(SEED), "-o", str(link)]) == 5  # the target exists: --force still required
    assert target.read_text() == "old"
    assert cli(["brief", str(SEED), "-o", str(link), "--force"]) == 0
    assert link.is_symlink() and target.read_text().startswith("# ")


def test_output_to_a_character_device_is_not_replaced():
    before = os.stat("/dev/null")
    assert cli(["brief", str(SEED), "-o", "/dev/null", "--force"]) == 0
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_outputs_keep_the_umask_mode_and_a_replaced_file_its_own(tmp_path):
    old = os.umask(0o027)
    try:
        assert cli(["brief", str(SEED), "-o", str(tmp_path / "new.md")]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640
    kept = tmp_path / "kept.md"
    kept.write_text("x")
    kept.chmod(0o604)
    assert cli(["brief", str(SEED), "-o", str(kept), "--force"]) == 0
    assert stat.S_IMODE(kept.stat().st_mode) == 0o604


# --- 2. batch ids never collide --------------------------------------------------------------


def test_ids_never_take_the_tools_names_or_each_other_even_by_case(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    records = [{"id": i, "text": f"{text}\n{n}"} for n, i in enumerate(["results", "Dup", "dup", "batch_api", "lock"])]
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    names = [item.id for item in iter_items([str(feed)])]
    assert len({n.casefold() for n in names}) == 5 and "results" not in names
    # a record whose id is exactly the name another duplicate was given does not overwrite it
    renamed = names[2]
    feed.write_text(
        "\n".join(json.dumps(r) for r in [*records, {"id": renamed, "text": text + "\nlast"}]) + "\n", encoding="utf-8"
    )
    names = [item.id for item in iter_items([str(feed)])]
    assert len({n.casefold() for n in names}) == 6
    tally = batch([feed], tmp_path / "out")
    assert tally.done == 6
    assert len(list((tmp_path / "out").glob("*.json"))) == 6
    assert (tmp_path / "out" / STATE_DIR).is_dir()  # the tool's own files live apart


# --- 3. resume compares content, not only ids ------------------------------------------------


def test_same_id_with_new_content_is_briefed_again_and_says_so(tmp_path):
    for day, title in (("day1", "First headline"), ("day2", "A different second headline")):
        (tmp_path / day).mkdir()
        (tmp_path / day / "story.txt").write_text(title + "\n\n" + SEED.read_text(encoding="utf-8"))
    out = tmp_path / "out"
    batch([tmp_path / "day1"], out)
    first = (out / "story.json").read_text()
    batch([tmp_path / "day1"], out)  # unchanged: skipped
    assert len(results(out)) == 1
    batch([tmp_path / "day2"], out)
    records = results(out)
    assert records[-1]["replaced"] is True and records[-1]["sha256"] != records[0]["sha256"]
    assert (out / "story.json").read_text() != first


# --- 4. a torn results line does not swallow the next record -------------------------------


def test_a_torn_last_line_is_ended_and_counted(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / RESULTS).write_text('{"id": "x", "status": "do')  # killed mid-line
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"))
    batch([tmp_path / "a.txt"], out)
    lines = (out / RESULTS).read_text().splitlines()
    assert lines[0] == '{"id": "x", "status": "do' and json.loads(lines[1])["id"] == "a"
    assert "skipped 1 unreadable line" in capsys.readouterr().err


# --- 5. one run per output folder ------------------------------------------------------------


def test_a_second_run_on_the_same_folder_fails_at_once_or_waits(tmp_path):
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"))
    out = tmp_path / "out"
    out.mkdir()
    with FolderLock(out):
        code = cli(["batch", str(tmp_path / "a.txt"), "--out", str(out), "--no-cache", "-q"])
        assert code == 5 and not (out / RESULTS).exists()
    held = FolderLock(out).__enter__()
    threading.Timer(0.5, held.__exit__).start()
    assert cli(["batch", str(tmp_path / "a.txt"), "--out", str(out), "--no-cache", "-q", "--wait"]) == 0
    assert results(out)[0]["status"] == "done"


# --- 6. a corrupt or unwritable cache never stops a batch ----------------------------------


@pytest.mark.parametrize("damage", ["random", "truncated", "page", "unwritable"])
def test_a_broken_cache_warns_once_and_the_batch_goes_on(tmp_path, damage, capsys):
    cache = tmp_path / "cache" / "briefs.sqlite"
    cache.parent.mkdir()
    good = BriefCache(cache)
    brief = extract_brief(Article(SEED.read_text(encoding="utf-8")))
    for i in range(40):  # several pages of rows
        good.put(f"k{i}", brief)
    good.close()
    data = cache.read_bytes()
    if damage == "random":
        cache.write_bytes(os.urandom(8192))
    elif damage == "truncated":
        cache.write_bytes(data[:1500])
    elif damage == "page":  # one page in the middle overwritten
        cache.write_bytes(data[:8192] + os.urandom(4096) + data[12288:])
    else:  # a folder that cannot hold the cache, even for root: its "parent" is a file
        cache = tmp_path / "not-a-folder" / "briefs.sqlite"
        cache.parent.write_text("x")
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"))
    (tmp_path / "b.txt").write_text(SEED.read_text(encoding="utf-8") + "\nMore.")
    code = cli(["batch", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--out", str(tmp_path / "out"),
                "--cache", str(cache), "-q", "--engine", "extractive"])  # fmt: skip
    err = capsys.readouterr().err
    assert err.count("cannot be used") == 1 and str(cache) in err
    assert code == 0 and [r["status"] for r in results(tmp_path / "out")] == ["done", "done"]


def test_cache_check_and_clear(tmp_path, capsys, monkeypatch):
    import summarizer.batch.cache as cache_module

    cache = tmp_path / "briefs.sqlite"
    BriefCache(cache).put("k", summarize("Title\n\nSome text. " * 20))
    assert cli(["cache", "--check", "--cache", str(cache)]) == 0
    assert cli(["cache", "--clear", "--cache", str(cache)]) == 0 and not cache.exists()
    assert cli(["cache", "--check", "--cache", str(cache)]) == 0
    # a damaged file at the tool's own default path is still its cache: --clear removes it
    default = tmp_path / "own" / "briefs.sqlite"
    default.parent.mkdir()
    default.write_bytes(os.urandom(4096))
    monkeypatch.setattr(cache_module, "default_cache_path", lambda: default)
    assert cli(["cache", "--check"]) == 3 and "Error:" in capsys.readouterr().err
    assert cli(["cache", "--clear"]) == 0 and not default.exists()


def test_cache_clear_and_check_touch_only_a_cache(tmp_path, capsys):
    """Issue 18.13: --clear deleted any file it was pointed at (and its -journal), a device too;
    --check hung on a FIFO; --clear on a folder was an internal error."""
    thesis = tmp_path / "thesis.txt"
    thesis.write_text("my thesis")
    Path(f"{thesis}-journal").write_text("my notes")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target in (thesis, fifo, tmp_path, Path("/dev/null")):
        for action in ("--clear", "--check"):
            assert cli(["cache", action, "--cache", str(target)]) == 3, (target, action)
            err = capsys.readouterr().err
            assert err.startswith("Error:") and err.count("\n") == 1 and "Traceback" not in err
    assert thesis.read_text() == "my thesis" and Path(f"{thesis}-journal").read_text() == "my notes"
    assert stat.S_ISFIFO(fifo.stat().st_mode) and Path("/dev/null").exists()


# --- 7. only regular files and stdin are read ----------------------------------------------


def test_a_fifo_or_device_as_input_is_refused_at_once(tmp_path, capsys):
    fifo = tmp_path / "in"
    os.mkfifo(fifo)
    assert cli(["brief", str(fifo)]) == 3  # would block forever if it were opened
    assert cli(["brief", "/dev/zero"]) == 3  # would grow without end if st_size were trusted
    assert capsys.readouterr().err.count("not a regular file") == 2
    assert cli(["batch", str(fifo), "--out", str(tmp_path / "o"), "-q"]) == 3


# --- 8. feed paths stay in the feed's folder -----------------------------------------------


def test_feed_paths_outside_the_feed_folder_need_allow_paths(tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text(SEED.read_text(encoding="utf-8"))
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "ok.txt").write_text(SEED.read_text(encoding="utf-8"))
    feed = feeds / "feed.jsonl"
    feed.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"id": "ok", "path": "ok.txt"},
                {"id": "dotdot", "path": "../private/secret.txt"},
                {"id": "abs", "path": str(outside / "secret.txt")},
                {"id": "etc", "path": "/etc/hostname"},
            ]
        )
    )
    batch([feed], tmp_path / "out")
    by_id = {r["id"]: r for r in results(tmp_path / "out")}
    assert by_id["ok"]["status"] == "done"
    assert all(
        by_id[i]["status"] == "failed" and "outside the feed" in by_id[i]["error"] for i in ("dotdot", "abs", "etc")
    )
    batch([feed], tmp_path / "out2", allow=[outside])
    by_id = {r["id"]: r for r in results(tmp_path / "out2")}
    assert by_id["dotdot"]["status"] == "done" and by_id["etc"]["status"] == "failed"


# --- 9. one size limit at every door ---------------------------------------------------------


def test_the_size_limit_holds_for_feed_text_and_the_python_api(tmp_path):
    feed = tmp_path / "feed.jsonl"
    big = "word " * 50_000
    feed.write_text(
        json.dumps({"id": "big", "text": big}) + "\n" + json.dumps({"id": "small", "text": SEED.read_text()})
    )
    code = cli(["batch", str(feed), "--out", str(tmp_path / "out"), "--max-bytes", "100000", "-q", "--no-cache"])
    assert code == 8
    by_id = {r["id"]: r for r in results(tmp_path / "out")}
    assert by_id["big"]["status"] == "failed" and "over the 100,000-byte limit" in by_id["big"]["error"]
    assert by_id["small"]["status"] == "done"
    with pytest.raises(InputError, match="over the 1,000-byte limit"):
        summarize(SEED.read_text(), settings=Settings(max_bytes=1000))


# --- 10. offsets hold on the user's own file -----------------------------------------------


def _spans(brief):
    return [x.evidence for x in [*brief.participants, *brief.positions, *brief.agreed_points, *brief.cited_outlets]]


def test_offsets_hold_on_a_crlf_file_and_a_bom_file(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(seed.replace("\n", "\r\n").encode("utf-8"))
    raw_text = crlf.read_bytes().decode("utf-8")  # no newline translation
    brief = summarize(crlf.read_bytes())
    assert len(_spans(brief)) > 15 and all(raw_text[e.start : e.end] == e.quote for e in _spans(brief))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + seed.encode("utf-8"))
    article = load_article(bom)
    assert article.text == seed  # the mark is not part of the article
    assert all(seed[e.start : e.end] == e.quote for e in _spans(summarize(bom.read_bytes())))


def test_utf16_with_a_bom_is_decoded_and_a_late_nul_is_binary(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    (tmp_path / "u16.txt").write_bytes(seed.encode("utf-16"))  # Notepad's "Unicode"
    assert load_article(tmp_path / "u16.txt").text == seed
    (tmp_path / "u32.txt").write_bytes(seed.encode("utf-32"))
    assert load_article(tmp_path / "u32.txt").text == seed
    (tmp_path / "nul.txt").write_bytes(seed.encode() * 10 + b"\x00tail")  # NUL past the first 8 KB
    with pytest.raises(InputError, match="NUL"):
        load_article(tmp_path / "nul.txt")


# --- 11. Python API misuse raises typed errors ----------------------------------------------


@pytest.mark.parametrize("bad", [None, 42, ["a"]])
def test_summarize_refuses_what_is_not_text(bad):
    with pytest.raises(InputError, match="not text"):
        summarize(bad)


def test_summarize_decodes_bytes_and_validates_a_settings_dict():
    assert summarize(SEED.read_bytes()).participants
    with pytest.raises(ConfigError, match="max_calls"):
        summarize("Some text here.", settings={"max_calls": 0})
    with pytest.raises(ConfigError, match="Settings or a dict"):
        summarize("Some text here.", settings=42)


# --- 12. an empty variable is unset ----------------------------------------------------------


def test_an_empty_key_variable_does_not_select_the_llm_engine(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "")
    monkeypatch.setenv("OPENAI_BASE_URL", "")
    assert Settings().resolved_engine == "extractive"
    assert summarize(SEED.read_text()).meta.engine == "extractive"


@pytest.mark.parametrize("blank", [" ", "\t", " \n "])
def test_a_blank_variable_does_not_hide_the_real_one(monkeypatch, blank):
    """Issue 18.5: whitespace-only is unset, so the next alias in line is read."""
    monkeypatch.setenv("SUMMARIZER_API_KEY", blank)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-real-one")
    monkeypatch.setenv("SUMMARIZER_BASE_URL", blank)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    settings = Settings()
    assert settings.api_key.get_secret_value() == "sk-real-one"
    assert settings.base_url == "http://127.0.0.1:9/v1"
    assert settings.resolved_engine == "llm"
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.delenv("OPENAI_BASE_URL")
    assert Settings().resolved_engine == "extractive"


# --- 13. credentials in the base URL are refused and never echoed --------------------------


def test_credentials_in_the_base_url_are_refused_without_repeating_them(capsys):
    code = cli(["brief", str(SEED), "--base-url", "http://alice:hunter2secret@127.0.0.1:9/v1", "-vv"])
    err = capsys.readouterr().err
    assert code == 4 and "credentials" in err and "hunter2secret" not in err and "alice" not in err


# --- 14. a key echoed by the model is redacted from the brief ------------------------------


def test_a_key_the_model_echoes_is_redacted_from_warnings_and_text(scripted, seed_text, scripted_brief):
    echo = copy.deepcopy(scripted_brief)
    echo["participants"].append({"name": f"Bearer {KEY}", "kind": "person", "evidence": {"quote": f"says {KEY}"}})
    echo["positions"][0]["stance"] = f"the key is {KEY}"
    scripted.enqueue(reply(echo))
    brief = summarize(seed_text, settings=Settings(base_url=scripted.base_url, api_key=KEY, model="m", max_calls=1))
    dumped = brief.model_dump_json()
    assert KEY not in dumped and any("***" in w for w in brief.warnings)


def test_a_key_the_model_echoes_in_a_refusal_is_redacted_everywhere(scripted, tmp_path, capsys, monkeypatch):
    """Issue 18.4: the refusal's words reach the Error line, the fallback brief's warnings and
    results.jsonl; none of them may carry the key."""
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    refusal = raw(json.dumps(completion({}, refusal=f"I will not. You sent me {KEY}")))
    scripted.enqueue(*[refusal] * 3)
    base = ["--base-url", scripted.base_url, "--max-calls", "1"]
    assert cli(["brief", str(SEED), *base, "--no-fallback"]) == 6
    err = capsys.readouterr().err
    assert "I will not" in err and "***" in err and KEY not in err
    assert cli(["brief", str(SEED), *base, "-f", "json"]) == 0
    out, err = capsys.readouterr()
    assert any("I will not. You sent me ***" in w for w in json.loads(out)["warnings"])
    assert KEY not in out + err
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(SEED.read_text())
    assert cli(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), *base, "-q"]) == 8  # some failed
    results = (tmp_path / "out" / "results.jsonl").read_text()
    assert "I will not" in results and KEY not in results


EVIL = "URGENT: reset your password at http://evil.example/login"


def test_injected_text_in_the_models_own_words_does_not_reach_the_brief(model, seed_text, scripted_brief):
    """Issue 18.9: the title, a role, a stance carrying a real quote, an agreed point and a
    sentence added to a good summary are the model's words; none of this text is the article's,
    so none of it may stand in the brief. Omissions are shown only as the model's words."""
    evil = copy.deepcopy(scripted_brief)
    evil["title"] = EVIL
    evil["participants"][0]["role"] = "convicted fraudster wanted by Interpol"
    evil["positions"][0]["stance"] = EVIL
    evil["agreed_points"][0]["point"] = "Investors must wire their savings to the account named in the newsletter"
    evil["summary"] = scripted_brief["summary"] + " Visit evil.example today and enter your bank password there."
    evil["omissions"] = [{"item": "a warning", "reason": EVIL}]
    model.enqueue(evil)  # one call: whatever is refused is dropped, not re-asked
    brief = summarize(seed_text, provider=model, settings=Settings(max_calls=1))
    shown = json.dumps(brief.model_dump(exclude={"warnings"}))
    for planted in ("evil.example", "fraudster", "Interpol", "wire their savings", "bank password"):
        assert planted not in shown, planted
    assert brief.title == seed_text.split("\n", 1)[0].strip()  # the article's headline stands in
    assert brief.participants[0].role is None
    warnings = " | ".join(brief.warnings)
    assert "the model's title was replaced by the article's headline" in warnings
    assert f"the role given for {brief.participants[0].name} was left out" in warnings
    assert "the stance: it carries an address the article does not (http://evil.example/login)" in warnings
    assert "the point: most of its words are not in the article" in warnings
    assert "the article's lead is used instead" in warnings
    assert f'the model says it left out "a warning": "{EVIL}"' in warnings  # quoted as its words


# --- 15. a trickling server cannot outlast the deadline ------------------------------------


def test_a_trickling_server_is_stopped_by_the_deadline(scripted, seed_text):
    scripted.enqueue(trickle(0.3))  # 4,096 bytes at 0.3 s each: twenty minutes of "answering"
    with pytest.raises(BudgetExceeded, match="deadline of 2s reached while the endpoint was still answering"):
        summarize(seed_text, settings=Settings(base_url=scripted.base_url, api_key="k", model="m", deadline_s=2))
    # the client hung up mid-body: the server had sent only part of it when it found the pipe closed
    for _ in range(200):  # its next write or two find the closed connection
        if scripted.trickled:
            break
        time.sleep(0.05)
    (sent,) = scripted.trickled
    assert 0 < sent < 4096


# --- 16. hostile text: a valid brief, and passes counted to be linear (speed: bench_hostile.py) ---


@pytest.mark.parametrize(
    "text",
    ["Mr. " * 5000, "A." * 10000, "“A " * 5000, "e" + "\u0301" * 20000, "Alpha Beta Gamma " * 2000],
    ids=["abbreviations", "dotted-token", "open-quotes", "combining-accents", "capitals"],
)
def test_hostile_text_gives_a_valid_brief(text):
    brief = extract_brief(Article("Title\n\n" + text))
    assert all(("Title\n\n" + text)[e.start : e.end] == e.quote for e in _spans(brief))


class _ScanCounter:
    """`re` for the extractive modules, counting the characters each module-level call is
    given to scan. A pass that rescans the text once per name or per cue shows up as a total
    that grows with the square of the input, whatever the machine's speed."""

    def __init__(self) -> None:
        import re as real

        self._re, self.scanned = real, 0

    def __getattr__(self, name):
        attr = getattr(self._re, name)
        if name not in ("search", "findall", "finditer", "match", "fullmatch", "sub"):
            return attr

        def counted(pattern, string, *args, **kw):
            self.scanned += len(string)
            return attr(pattern, string, *args, **kw)

        return counted


def _distinct_names(count: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    syllables = "ka lo mi ra te zu ven dor bel sin ta rop".split()
    word = lambda: "".join(rng.choice(syllables) for _ in range(3)).title()  # noqa: E731
    return [f"{word()} {word()}" for _ in range(count)]


@pytest.mark.parametrize(
    "shape",
    [
        lambda n: "told Alpha " * n,
        lambda n: ", ".join(_distinct_names(n, 1)),
        lambda n: " ".join(
            f"{a}, a spokesman for {b.split()[0]} Corp, said the talks with {b} would go on. "
            '"We agreed," he told Reuters.'
            for a, b in zip(_distinct_names(n // 8, 2), _distinct_names(n // 8, 3), strict=True)
        ),
    ],
    ids=["told-cue", "distinct-names", "distinct-names-news"],
)
def test_no_pass_rescans_the_text_per_name_or_cue(monkeypatch, shape):
    """Issue 18.2: '"told Alpha "' repeated rescanned the text for each cue (outlets), and a
    long list of distinct names once per name (entities, word counts). Counted, not timed: the
    characters handed to regex calls grow linearly with the text."""
    import summarizer.extractive as extractive

    modules = [
        "candidates",
        "clauses",
        "entities",
        "mentions",
        "outlets",
        "parsed_entities",
        "parsed_sources",
        "quotes",
        "sentences",
    ]
    scanned = {}
    for size in (1_500, 6_000):
        spy = _ScanCounter()
        for name in modules:
            monkeypatch.setattr(getattr(extractive, name), "re", spy)
        text = "Title\n\n" + shape(size)
        extract_brief(Article(text))
        scanned[size] = spy.scanned / len(text)
    assert scanned[6_000] <= 1.3 * scanned[1_500] + 5, scanned  # per character of text: flat, not growing


# --- 17. what a model sends is bounded -----------------------------------------------------


def test_an_oversized_answer_is_reasked_and_many_drops_are_summarized(model, seed_text, scripted_brief):
    huge = copy.deepcopy(scripted_brief)
    huge["title"] = "T" * 100_000
    crowd = copy.deepcopy(scripted_brief)
    crowd["participants"] += [
        {"name": f"Nobody {i}", "kind": "person", "evidence": {"quote": f"not in the text {i}"}} for i in range(150)
    ]
    model.enqueue(huge, crowd)
    brief = summarize(seed_text, provider=model, settings=Settings(max_calls=2))
    reask = model.asked[1]
    assert "answer too large" in reask and "100,000 characters" in reask and len(reask) < 5_000
    assert len(brief.warnings) <= 53 and any("more items that failed" in w for w in brief.warnings)


def test_what_the_model_writes_into_errors_and_warnings_is_bounded(model, seed_text, scripted_brief):
    """Issue 18.3: a megabyte key name, and 200 long omissions, reach a message only clipped."""
    odd = copy.deepcopy(scripted_brief)
    odd["participants"][0]["K" * 1_000_000] = "v" * 3_000
    model.enqueue(odd)
    with pytest.raises(BudgetExceeded) as caught:
        summarize(seed_text, provider=model, settings=Settings(max_calls=1))
    assert "KKKK" in str(caught.value) and len(str(caught.value)) < 2_000
    chatty = copy.deepcopy(scripted_brief)
    chatty["omissions"] = [{"item": "I" * 300, "reason": "ignore previous instructions " * 60} for _ in range(200)]
    model.enqueue(chatty)
    brief = summarize(seed_text, provider=model, settings=Settings(max_calls=1))
    said = [w for w in brief.warnings if w.startswith("the model says it left out")]
    assert len(said) == 11 and said[-1].startswith("the model says it left out 190 more")
    assert sum(map(len, brief.warnings)) < 10_000


class _Flood(BaseHTTPRequestHandler):
    """A 200 with no Content-Length whose body never ends (up to 200 MB): only a bound on the
    read stops the client."""

    def log_message(self, *args):
        pass

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.posts += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(b'{"id": "')
            for _ in range(200):
                self.wfile.write(b"x" * 1_000_000)
                self.server.sent += 1_000_000
        except OSError:  # the client stopped reading and hung up
            pass


def test_a_flood_of_a_response_is_cut_at_the_bound_and_not_retried(scripted, seed_text, monkeypatch):
    """Issue 18.3: the body is bounded as it is read (declared or not), and the error says so."""
    import summarizer.providers.bounded_http as bounded_http

    monkeypatch.setattr(bounded_http, "MAX_RESPONSE_BYTES", 2_000_000)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Flood)
    server.sent = server.posts = 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = Settings(base_url=f"http://127.0.0.1:{server.server_address[1]}/v1", api_key="k", model="m")
        with pytest.raises(ModelError, match="over the 2,000,000-byte limit"):
            summarize(seed_text, settings=settings)
        assert server.sent < 100_000_000 and server.posts == 1
    finally:
        server.shutdown()
    scripted.enqueue(raw(b" " * 3_000_000))  # declared by Content-Length: refused before reading
    with pytest.raises(ModelError, match="over the 2,000,000-byte limit"):
        summarize(seed_text, settings=Settings(base_url=scripted.base_url, api_key="k", model="m"))
    assert len(scripted.requests) == 1


def test_a_deeply_nested_body_is_reported_as_what_it_is(scripted, seed_text):
    nested = "[" * 100_000 + "]" * 100_000
    scripted.enqueue(*[raw(nested)] * 5)
    with pytest.raises(ModelError, match=r"kept failing \(the endpoint answered with a body nested too deeply"):
        summarize(seed_text, settings=Settings(base_url=scripted.base_url, api_key="k", model="m", transport_retries=1))


def test_scripted_servers_listen_on_loopback_only_and_share_nothing(scripted_brief):
    import json
    import urllib.request

    with ScriptedServer() as a, ScriptedServer(default_brief=scripted_brief) as b:
        assert a._httpd.server_address[0] == "127.0.0.1" and a.base_url != b.base_url
        a.enqueue(fault(503))  # queued at one server...
        body = json.dumps({"model": "m", "messages": [{"role": "user", "content": "x"}]}).encode()
        asked = urllib.request.Request(b.base_url + "/chat/completions", data=body, method="POST")
        with urllib.request.urlopen(asked, timeout=10) as answer:  # ...is not the other's answer
            assert answer.status == 200 and json.load(answer)["choices"]
        assert len(b.requests) == 1 and a.requests == [] and len(a.queue) == 1


def test_a_name_is_matched_to_its_form_with_an_initial_by_index_not_by_scanning_its_namesakes(monkeypatch):
    # Many people sharing a surname ("Ada Lind", "Bo Lind", ...): finding "Donald J. Trump" for
    # "Donald Trump" once walked every entity sharing the last word, quadratic in namesakes.
    from summarizer.extractive import entities

    calls = 0
    real = entities.without_initials

    def counting(words):
        nonlocal calls
        calls += 1
        return real(words)

    monkeypatch.setattr(entities, "without_initials", counting)

    def cost(n: int) -> int:
        nonlocal calls
        calls = 0
        firsts = [
            f"{a}{b}" for a in ("Al", "Bo", "Cy", "Di", "Ed", "Fa", "Gu", "Ha") for b in "abcdefghijklmnopqrstuvwxyz"
        ]
        text = "Headline\n\n" + " ".join(
            f"{firsts[i % len(firsts)]}x{i // len(firsts)} Lind said no." for i in range(n)
        )
        entities.Registry(text)
        return calls

    assert cost(800) < 2.5 * cost(400)
