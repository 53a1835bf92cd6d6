"""Theme rules from a user-editable TOML file, scores per text, themes per paragraph and per article."""
from __future__ import annotations

import re

import pytest

from loaders.datafiles import PACKAGE_DATA_DIR, DataFileError
from loaders.themes import (
    SHORT_PARAGRAPH_CHARS,
    ThemeAssignment,
    ThemeRule,
    assign_themes,
    load_theme_rules,
    score_text,
)

THEMES_TOML = """\
# test rules
[[theme]]
id = "funding"
label = "資金調達・投資"
keywords = ["資金調達", "資金", "出資", "投資"]
patterns = ['シリーズ[A-F]']

[[theme]]
id = "revenue"
label = "売上・収益"
keywords = ["総収入", "売上", "収益"]

[[theme]]
id = "china"
label = "中国のAI"
keywords = ["中国"]
company_countries = ["cn"]

[[theme]]
id = "open_source"
label = "オープンソース"
keywords = ["オープンソース", "open source"]
companies = ["Meta"]
weight = 2
"""


def write_themes(folder, text=THEMES_TOML):
    (folder / "themes.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def rules(tmp_path):
    return load_theme_rules(write_themes(tmp_path))


# (text, companies mentioned, expected scores)
SCORES = (
    ("Zhipu AIは今年合計25億元の資金調達を受けた", [("Zhipu AI", "CN")], {"funding": 1.0, "china": 1.0}),
    ("資金調達と出資", [], {"funding": 2.0}),  # 資金 inside 資金調達 counts once
    ("シリーズBで調達", [], {"funding": 1.0}),
    ("ｼﾘｰｽﾞＢで調達", [], {"funding": 1.0}),  # half-width kana, full-width letter: NFKC first
    ("シリーズbで調達", [], {}),  # a pattern is used as written: case matters
    ("ＯＰＥＮ ＳＯＵＲＣＥの時代", [], {"open_source": 2.0}),  # a keyword ignores case and width
    ("OPEN SOURCE と Open Source", [], {"open_source": 4.0}),  # weight 2 × 2 matches
    ("Llamaを公開", [("meta", "US")], {"open_source": 2.0}),  # a company the rule names, any case
    ("テンセントとアリババ", [("Tencent", "CN"), ("Alibaba", "CN"), ("Tencent", "CN")], {"china": 2.0}),
    ("総収入:620.20億ドル", [], {"revenue": 1.0}),
    ("AIの話", [("OpenAI", "US")], {}),
    ("", [], {}),
)


@pytest.mark.parametrize(("text", "companies", "expected"), SCORES)
def test_score_text(rules, text, companies, expected):
    assert score_text(text, companies, rules) == expected


def test_rules_are_read_in_file_order_and_normalised(rules):
    assert [rule.id for rule in rules] == ["funding", "revenue", "china", "open_source"]
    funding, _, china, open_source = rules
    assert isinstance(funding, ThemeRule) and funding.label == "資金調達・投資"
    assert funding.weight == 1.0 and open_source.weight == 2.0
    assert [pattern.pattern for pattern in funding.patterns] == ["シリーズ[A-F]"]
    assert china.company_countries == frozenset({"CN"})
    assert open_source.companies == frozenset({"meta"})


def test_adding_a_keyword_and_a_theme_changes_the_next_load(tmp_path):
    text = "各社はGPUの確保を急ぐ。資金調達も続く。"
    before = load_theme_rules(write_themes(tmp_path))
    assert score_text(text, [], before) == {"funding": 1.0}
    edited = THEMES_TOML.replace('"出資", "投資"]', '"出資", "投資", "確保"]') + (
        '\n[[theme]]\nid = "compute"\nlabel = "計算資源"\nkeywords = ["GPU"]\n')
    after = load_theme_rules(write_themes(tmp_path, edited))
    assert score_text(text, [], after) == {"funding": 2.0, "compute": 1.0}
    assert [rule.id for rule in after][-1] == "compute"


def test_syntax_error_names_file_and_line(tmp_path):
    write_themes(tmp_path, THEMES_TOML.replace('label = "売上・収益"', 'label = "売上・収益'))
    with pytest.raises(DataFileError) as raised:
        load_theme_rules(tmp_path)
    message = str(raised.value)
    assert "themes.toml" in message and "line 10" in message


# (how the entry is broken, a fragment of the message, the line it names)
BROKEN_ENTRIES = (
    ('id = "funding"\n', "", "id must be", 2),  # no key to point at: the entry's header
    ('id = "funding"', 'id = "資金"', "id must be", 3),
    ('id = "funding"', 'id = "revenue"', "id 'revenue' is used by an earlier theme", 9),
    ('label = "資金調達・投資"', 'label = "売上・収益"', "label '売上・収益' is used", 10),
    ("patterns = ['シリーズ[A-F]']", "patterns = ['シリーズ[A-F']", "does not compile", 6),
    ("patterns = ['シリーズ[A-F]']", "patterns = ['(x)?']", "matches empty text", 6),
    ("patterns = ['シリーズ[A-F]']", "keyword = ['調達']", "unknown key 'keyword'", 6),
    ('keywords = ["資金調達", "資金", "出資", "投資"]', 'keywords = "資金調達"', "keywords must be a list", 5),
    ('keywords = ["資金調達", "資金", "出資", "投資"]', 'keywords = ["資金調達", ""]', "non-empty", 5),
    ('company_countries = ["cn"]', 'company_countries = ["China"]', "two-letter ISO", 17),
    ("weight = 2", "weight = -1", "weight must be", 24),
    ("weight = 2", 'weight = "heavy"', "weight must be", 24),
    ('keywords = ["中国"]\ncompany_countries = ["cn"]\n', "", "needs at least one", 13),
)


@pytest.mark.parametrize(("old", "new", "fragment", "line"), BROKEN_ENTRIES)
def test_broken_entry_names_file_entry_and_line(tmp_path, old, new, fragment, line):
    assert old in THEMES_TOML
    write_themes(tmp_path, THEMES_TOML.replace(old, new, 1))
    with pytest.raises(DataFileError) as raised:
        load_theme_rules(tmp_path)
    message = str(raised.value)
    assert "themes.toml" in message and "[[theme]] #" in message
    assert fragment in message
    assert f"line {line}:" in message


@pytest.mark.parametrize(("text", "fragment"), [
    ('[theme]\nid = "x"\nlabel = "x"\nkeywords = ["x"]\n', "[[theme]]"),
    ('[[themes]]\nid = "x"\n', "unexpected top-level key 'themes'"),
])
def test_misshapen_file_names_the_file(tmp_path, text, fragment):
    write_themes(tmp_path, text)
    with pytest.raises(DataFileError, match=re.escape(fragment)) as raised:
        load_theme_rules(tmp_path)
    assert "themes.toml" in str(raised.value)


def test_an_empty_file_has_no_themes(tmp_path):
    assert load_theme_rules(write_themes(tmp_path, "# no themes yet\n")) == ()


@pytest.mark.skipif(not (PACKAGE_DATA_DIR / "themes.toml").exists(), reason="packaged themes.toml not written yet")
def test_packaged_themes_load():
    rules = load_theme_rules(PACKAGE_DATA_DIR)
    assert rules and len({rule.id for rule in rules}) == len(rules)


LONG_FUNDING = "スタートアップは資金調達を続けており、投資家の関心は依然として高い水準にあると業界関係者は口をそろえる。"
LONG_PLAIN = "この状況は、多くの実務家がモデルについてますます疑問を抱いている背景を、ある程度まで説明していると言えるだろう。"


def test_fixture_paragraph_lengths():
    assert len(LONG_FUNDING) >= SHORT_PARAGRAPH_CHARS and len(LONG_PLAIN) >= SHORT_PARAGRAPH_CHARS


# (paragraphs, companies per paragraph, contexts, expected themes per paragraph)
PARAGRAPH_CASES = (
    pytest.param([LONG_FUNDING], [[]], None, [("funding",)], id="funding words"),
    pytest.param([LONG_PLAIN], [[("Baidu", "CN")]], None, [("china",)], id="company country"),
    pytest.param(["・前年同期比:17.6%増"], [[]], ["Microsoftの総収入"], [("revenue",)],
                 id="list line takes its heading in full"),
    pytest.param([LONG_PLAIN], [[]], ["Microsoftの総収入"], [()], id="long paragraph takes its heading by half"),
    pytest.param([LONG_PLAIN], [[]], ["総収入と売上"], [("revenue",)], id="two heading hits by half"),
    pytest.param(["総収入:620億ドル", "前年同期比:17.6%増", "売上:10億ドル"], [[], [], []], None,
                 [("revenue",), ("revenue",), ("revenue",)], id="list line between its siblings"),
    pytest.param([LONG_FUNDING, LONG_PLAIN], [[], []], None, [("funding",), ()],
                 id="long paragraphs do not borrow from neighbours"),
    pytest.param(["シリーズBで資金調達、中国のオープンソース"], [[("Meta", "US")]], None,
                 [("open_source", "funding", "china")], id="best first"),
)


@pytest.mark.parametrize(("paragraphs", "companies", "contexts", "expected"), PARAGRAPH_CASES)
def test_paragraph_themes(rules, paragraphs, companies, contexts, expected):
    assignment = assign_themes(paragraphs, companies, rules, contexts=contexts)
    assert isinstance(assignment, ThemeAssignment)
    assert assignment.paragraph_themes == expected


def test_article_themes_are_those_with_a_meaningful_share(rules):
    paragraphs = [LONG_FUNDING, "資金調達の規模は拡大し、シリーズCの投資も増えた。", "中国でも出資が続く。", LONG_PLAIN]
    assignment = assign_themes(paragraphs, [[], [], [], []], rules)
    # funding: 2 + 3 + 1 = 6 matches, china: 1
    assert assignment.article_scores == {"funding": 6 / 7, "china": 1 / 7}
    assert assignment.article_themes == ("funding",)
    assert assign_themes(paragraphs, [[], [], [], []], rules, min_article_share=0.1).article_themes == (
        "funding", "china")


def test_article_totals_count_headings_once(rules):
    paragraphs = ["・前年同期比:17.6%増", "・前年同期比:4%増"]
    assignment = assign_themes(paragraphs, [[], []], rules, contexts=["総収入", "総収入"])
    assert assignment.paragraph_themes == [("revenue",), ("revenue",)]
    assert assignment.article_scores == {} and assignment.article_themes == ()


def test_ties_follow_the_order_of_the_rules(rules):
    paragraphs = ["総収入と資金調達"]
    forward = assign_themes(paragraphs, [[]], rules)
    backward = assign_themes(paragraphs, [[]], tuple(reversed(rules)))
    assert forward.paragraph_themes == [("funding", "revenue")]
    assert forward.article_themes == ("funding", "revenue")
    assert backward.paragraph_themes == [("revenue", "funding")]
    assert assign_themes(paragraphs, [[]], rules) == forward


@pytest.mark.parametrize(("companies", "contexts"), [([[]], None), ([[], []], ["総収入"])])
def test_mismatched_lengths_are_rejected(rules, companies, contexts):
    with pytest.raises(ValueError, match="one entry per paragraph"):
        assign_themes(["a", "b"], companies, rules, contexts=contexts)


def test_no_paragraphs_no_themes(rules):
    assert assign_themes([], [], rules) == ThemeAssignment([], {}, ())
