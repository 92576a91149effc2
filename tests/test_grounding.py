from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from summarizer.checks import check
from summarizer.checks.grounding import ArticleIndex, normalize, normalize_with_map
from summarizer.drafts import DraftBrief

ARTICLE = (
    "Russia’s top diplomat Sergey Lavrov met Chinese President Xi Jinping in Beijing.\n"
    "He condemned “unlawful sanctions” — which he said violated   international norms.\n"
    "Chinese state-run Xinhua News reported the talks."
)


def test_exact_match_records_offsets():
    ev = ArticleIndex(ARTICLE).locate("Sergey Lavrov met")
    assert ev.match == "exact"
    assert ARTICLE[ev.start : ev.end] == "Sergey Lavrov met" == ev.quote


def test_exact_match_prefers_the_name_as_whole_words():
    # invented: the country's name first occurs inside its adjective, then alone
    text = "Gunmen hit a Veltrian museum.\nVeltria mourned on Friday."
    ev = ArticleIndex(text).locate("Veltria")
    assert (ev.start, text[ev.start : ev.end + 1]) == (text.index("Veltria "), "Veltria ")
    # a quote found only inside a longer word still grounds, where it occurs
    assert ArticleIndex("Veltrians wept.").locate("Veltria").start == 0


def test_normalized_match_folds_quotes_dashes_space_and_case():
    ev = ArticleIndex(ARTICLE).locate('he condemned "unlawful sanctions" - which he said violated international norms')
    assert ev.match == "normalized"
    assert ev.quote == ARTICLE[ev.start : ev.end]
    assert ev.quote.startswith("He condemned “unlawful") and ev.quote.endswith("international norms")


def test_fuzzy_match_above_threshold_and_rejects_invention():
    index = ArticleIndex(ARTICLE)
    ev = index.locate("Chinese state run Xinhau News reported the talks")
    assert ev is not None and ev.match == "fuzzy"
    assert "Xinhua News reported" in ev.quote and ev.quote == ARTICLE[ev.start : ev.end]
    assert index.locate("Lavrov praised the sanctions as lawful and fair") is None
    # the same frame with other names in it is not "close enough": a fuzzy match is a typo's reach
    assert index.locate("Chinese state-run Pravda Daily printed the talks") is None


def test_short_quotes_never_match_fuzzily():
    assert ArticleIndex(ARTICLE).locate("Lavrof") is None


def _draft(**kw) -> DraftBrief:
    base = {
        "summary": "s",
        "participants": [
            {"name": "Sergey Lavrov", "kind": "person", "evidence": {"quote": "Sergey Lavrov"}},
            {"name": "Xi Jinping", "kind": "person", "evidence": {"quote": "Xi Jinping"}},
        ],
    }
    base.update(kw)
    return DraftBrief.model_validate(base)


def test_cross_checks_name_each_failing_item():
    g = check(
        _draft(
            positions=[
                {
                    "holder": "Lavrov",
                    "stance": "against sanctions",
                    "quote": "unlawful sanctions",
                    "evidence": {"quote": "unlawful sanctions"},
                },
                {"holder": "Vladimir Putin", "stance": "x", "evidence": {"quote": "Sergey Lavrov"}},
                {
                    "holder": "Xi Jinping",
                    "stance": "y",
                    "quote": "we love sanctions",
                    "evidence": {"quote": "Xi Jinping"},
                },
            ],
            agreed_points=[{"point": "p", "parties": ["Sergey Lavrov", "NATO"], "evidence": {"quote": "met"}}],
            cited_outlets=[
                {"name": "Xinhua", "as_written": "Xinhua News", "evidence": {"quote": "Xinhua News reported"}},
                {"name": "TASS", "as_written": "TASS", "evidence": {"quote": "reported the talks"}},
            ],
        ),
        ArticleIndex(ARTICLE),
    )
    assert [p.holder for p in g.positions] == ["Sergey Lavrov"]  # surname resolved to the full name
    assert g.positions[0].quote == "unlawful sanctions"
    assert [o.name for o in g.cited_outlets] == ["Xinhua"]
    where = {p.where: p.why for p in g.problems}
    assert "not among the participants" in where["positions[1]"]
    assert "quote not found" in where["positions[2]"]
    assert "NATO" in where["agreed_points[0]"]
    assert "does not occur" in where["cited_outlets[1]"]
    assert len(g.warnings()) == 4


@given(st.text(min_size=1, max_size=300))
def test_normalize_map_points_into_source(text):
    norm, where = normalize_with_map(text)
    assert len(norm) == len(where)
    assert all(0 <= i < len(text) for i in where)
    assert where == sorted(where)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=20, max_size=400), st.data())
def test_any_substring_grounds_to_a_verbatim_span(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    ev = ArticleIndex(text).locate(quote)
    if not quote.strip():
        assert ev is None
        return
    assert ev is not None and ev.match == "exact"
    assert text[ev.start : ev.end] == ev.quote == quote.strip()


@given(st.text(alphabet="abc \n“”—-'\"", min_size=5, max_size=80), st.data())
def test_normalized_matches_stay_verbatim(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    variant = normalize(text[start:end]).upper()
    words = normalize(variant).strip(" \"'")
    assume(any(c.isalpha() for c in words))  # a span of spaces and quote marks is nothing to ground
    ev = ArticleIndex(text).locate(variant)
    assert ev is not None  # folding case, quotes and dashes never loses a span the article has
    assert text[ev.start : ev.end] == ev.quote
    assert normalize(ev.quote).strip(" \"'").casefold() == words.casefold()


def test_ellipsis_typed_either_way_grounds_to_the_whole_span():
    text = "He said the talks were over... and left. Then: “wait…” she said."
    index = ArticleIndex(text)
    ev = index.locate("the talks were over…")
    assert ev.match == "normalized" and ev.quote == "the talks were over..."
    ev = index.locate('"wait..."')
    assert ev.match == "normalized" and ev.quote == "wait…"  # the words; the quote marks are not part of them
