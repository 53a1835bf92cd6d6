"""Synonyms (synonyms.toml) fold spellings into one term; generic terms (generic_terms.txt) leave the pictures."""
import pandas as pd
import pytest

from loaders import canonical_term, content_terms, load_corpus, load_generic_terms, load_synonyms, spellings
from loaders.companies import fold
from loaders.datafiles import DataFileError
from loaders.frames import TERM_COLUMNS, frame_from_rows
from loaders.terms import extract_terms, kwic, load_stopwords, make_tagger

SYNONYMS = {"大型モデル": "大規模モデル", "巨大モデル": "大規模モデル", "大規模モデル": "大規模モデル",
            "llm": "大規模言語モデル", "大規模言語モデル": "大規模言語モデル"}

# (spelling, the term it counts as): whole terms only, compared after NFKC in any case
CANONICAL = (
    ("大型モデル", "大規模モデル"),
    ("大規模モデル", "大規模モデル"),
    ("LLM", "大規模言語モデル"),
    ("ＬＬＭ", "大規模言語モデル"),
    ("llm", "大規模言語モデル"),
    ("大型モデル開発", "大型モデル開発"),  # a longer compound stays a term of its own
    ("半導体", "半導体"),
)


@pytest.mark.parametrize(("spelling", "term"), CANONICAL)
def test_a_spelling_counts_as_its_term(spelling, term):
    assert canonical_term(spelling, SYNONYMS) == term


# (typed term, the spellings KWIC searches, the typed one first)
SPELLINGS = (
    ("大規模モデル", ("大規模モデル", "大型モデル", "巨大モデル")),
    ("大型モデル", ("大型モデル", "大規模モデル", "巨大モデル")),
    ("LLM", ("LLM", "大規模言語モデル")),
    ("半導体", ("半導体",)),
)


@pytest.mark.parametrize(("term", "expected"), SPELLINGS)
def test_kwic_spellings_of_a_term(term, expected):
    assert spellings(term, SYNONYMS) == expected


@pytest.fixture(scope="module")
def tagger():
    return make_tagger()


# (sentence, terms without synonyms, terms with them)
FOLDED = (
    ("大型モデルと大規模モデルの競争", ["大型モデル", "大規模モデル", "競争"], ["大規模モデル", "大規模モデル", "競争"]),
    ("LLMの開発", ["LLM", "開発"], ["大規模言語モデル", "開発"]),
    ("半導体の需要", ["半導体", "需要"], ["半導体", "需要"]),
)


@pytest.mark.parametrize(("sentence", "plain", "folded"), FOLDED)
def test_extraction_writes_the_canonical_term(tagger, sentence, plain, folded):
    assert [term for term, _ in extract_terms(sentence, tagger, frozenset())] == plain
    assert [term for term, _ in extract_terms(sentence, tagger, frozenset(), SYNONYMS)] == folded


def test_kwic_with_the_spellings_finds_every_line_the_count_has():
    sentences = pd.DataFrame({"article_id": ["a", "a", "b"], "paragraph": [0, 1, 0], "sentence_index": [0, 0, 0],
                              "text": ["大型モデルの開発", "大規模モデルの時代", "巨大モデルと半導体"]})
    lines = kwic(sentences, "大規模モデル", also=spellings("大規模モデル", SYNONYMS)[1:])
    assert list(lines["match"]) == ["大型モデル", "大規模モデル", "巨大モデル"]
    assert list(kwic(sentences, "大規模モデル")["match"]) == ["大規模モデル"]


def test_a_corpus_counts_synonyms_as_one_term(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("モデルの競争\n\n各社が大型モデルを公開し、大規模モデルの市場が広がった。大型モデルの費用も下がった。\n",
                                    encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "synonyms.toml").write_text('[synonyms]\n"大規模モデル" = ["大型モデル"]\n', encoding="utf-8")
    folded = load_corpus(articles, data_dir=data).terms
    (data / "synonyms.toml").write_text("[synonyms]\n", encoding="utf-8")
    plain = load_corpus(articles, data_dir=data).terms
    assert "大型モデル" not in set(folded["term"])
    total = folded.loc[folded["term"] == "大規模モデル", "count"].sum()
    assert total == plain.loc[plain["term"].isin(["大型モデル", "大規模モデル"]), "count"].sum() == 3


# (synonyms.toml text, what the error says, its line)
BROKEN_SYNONYMS = (
    ('[synonyms]\n"A" = ["B"]\n"C" = ["B"]\n', "'B' is already a spelling of 'A'", 3),
    ('[synonyms]\n"A" = ["B"]\n"B" = ["C"]\n', "'B' is already a spelling of 'A'", 3),
    ('[synonyms]\n"A" = "B"\n', "must be a list of non-empty strings", 2),
    ('[synonyms]\n"A" = ["B", ""]\n', "must be a list of non-empty strings", 2),
    ('[synonym]\n"A" = ["B"]\n', "unknown key 'synonym'", 1),
    ('[synonyms]\n"LLM" = ["x"]\n"llm" = ["y"]\n', "'llm' is already a spelling of 'LLM'", 3),
)


@pytest.mark.parametrize(("text", "message", "line"), BROKEN_SYNONYMS)
def test_a_broken_synonyms_file_is_named_with_its_line(tmp_path, text, message, line):
    (tmp_path / "synonyms.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as error:
        load_synonyms(tmp_path)
    assert f"synonyms.toml, line {line}" in str(error.value)


TERMS = frame_from_rows([{"article_id": "a", "paragraph": 0, "term": term, "count": count, "pos": "noun"}
                         for term, count in (("企業", 9), ("AI", 8), ("ai", 1), ("生成AI", 5), ("半導体", 3),
                                             ("同社", 2), ("AI企業", 2))], TERM_COLUMNS)

# (generic terms, the terms that stay): compared whole, after NFKC and in any case
CONTENT = (
    (frozenset({"企業", "ai", "同社"}), ["生成AI", "半導体", "AI企業"]),
    (frozenset(), ["企業", "AI", "ai", "生成AI", "半導体", "同社", "AI企業"]),
    (frozenset({"半導体"}), ["企業", "AI", "ai", "生成AI", "同社", "AI企業"]),
)


@pytest.mark.parametrize(("generic", "kept"), CONTENT)
def test_content_terms_leave_out_the_generic_ones(generic, kept):
    assert list(content_terms(TERMS, generic)["term"]) == kept


def test_generic_terms_from_a_user_file(tmp_path):
    (tmp_path / "generic_terms.txt").write_text("# 一般語\n企業\nＡＩ  # any width and case\n\n", encoding="utf-8")
    assert load_generic_terms(tmp_path) == frozenset({"企業", "ai"})


# The packaged files: the words the issue names are generic, domain terms are not, and the lists agree.
PACKAGED_GENERIC = ("企業", "AI", "モデル", "同社", "発表")
NOT_GENERIC = ("生成AI", "大規模モデル", "資金調達", "半導体", "GPU", "オープンソース", "ChatGPT", "OpenAI")


@pytest.mark.parametrize("term", PACKAGED_GENERIC)
def test_a_packaged_generic_term(term):
    assert fold(term) in load_generic_terms()


@pytest.mark.parametrize("term", NOT_GENERIC)
def test_a_domain_term_is_not_generic(term):
    assert fold(term) not in load_generic_terms()


def test_no_generic_term_is_a_stopword_or_a_folded_spelling():
    generic, synonyms = load_generic_terms(), load_synonyms()
    assert sorted(generic & {fold(word) for word in load_stopwords()}) == []  # a stop word never becomes a term
    assert sorted(word for word in generic if fold(synonyms.get(word, word)) != word) == []


def test_packaged_synonyms_fold_the_issue_example():
    assert canonical_term("大型モデル", load_synonyms()) == "大規模モデル"
