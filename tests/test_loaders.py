"""Loading articles: formats, encodings, metadata, stories, page furniture, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framing.errors import ArticleError
from framing.loaders import analysis_end_for, decode_bytes, guess_title, load_directory
from framing.models import Article, ErrorRecord
from framing.plugins import PluginOptions, load_plugins

BODY = "The council approved the budget on Monday. Critics said it was rushed."


@pytest.fixture(scope="module")
def loaders():
    return load_plugins(PluginOptions(entry_points=False)).loaders


def load(directory: Path, loaders) -> tuple[list[Article], list[ErrorRecord]]:
    items = list(load_directory(directory, loaders))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, ErrorRecord)]


def test_decode_utf8_utf16_cp1252_latin1():
    text = "Café “quoted” – naïve"
    assert decode_bytes(text.encode("utf-8")) == text
    assert decode_bytes(text.encode("utf-16")) == text  # with BOM
    assert decode_bytes("\ufeff".encode() + b"plain") == "plain"
    assert decode_bytes("Café – “x”".encode("cp1252")) == "Café – “x”"
    assert decode_bytes("façade".encode("latin-1")) == "façade"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n ", "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"1234 5678 -- 99", "no text"),
    ],
)
def test_decode_rejects_bad_bytes(data, reason):
    with pytest.raises(ArticleError, match=reason):
        decode_bytes(data)


def test_txt_title_and_offsets(tmp_path, loaders):
    text = f"A short headline\n\n{BODY}\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (articles, errors) = load(tmp_path, loaders)
    assert errors == []
    [article] = articles
    assert article.id == "a"
    assert article.title == "A short headline"
    assert article.text == text
    assert article.path == "a.txt"
    assert article.story == ""


def test_long_first_paragraph_is_not_a_title():
    assert guess_title(BODY + " " + BODY + "\n\nMore text.") is None
    assert guess_title("Politics\nThe real headline here\n\nBody.") == "The real headline here"


def test_markdown_front_matter_is_masked_not_removed(tmp_path, loaders):
    text = f"---\ntitle: Budget passes\nsource: Example Times\ndate: 2025-03-16\nstory: budget\n---\n{BODY}\n"
    (tmp_path / "m.md").write_text(text, encoding="utf-8")
    [article], _ = load(tmp_path, loaders)
    assert (article.title, article.outlet, article.date, article.story) == (
        "Budget passes",
        "Example Times",
        "2025-03-16",
        "budget",
    )
    analysis = article.analysis_text
    assert len(analysis) == len(text)  # offsets shared with the file text
    assert "title:" not in analysis
    assert analysis.endswith(BODY + "\n")


def test_json_and_jsonl_records(tmp_path, loaders):
    (tmp_path / "one.json").write_text(json.dumps({"text": BODY, "title": "T", "outlet": "O"}), encoding="utf-8")
    lines = [json.dumps({"id": "x1", "text": BODY}), "{broken", json.dumps({"text": BODY + " Again."})]
    (tmp_path / "many.jsonl").write_text("\n".join(lines), encoding="utf-8")
    articles, errors = load(tmp_path, loaders)
    ids = sorted(a.id for a in articles)
    assert ids == ["many#3", "many/x1", "one"]
    assert [e.source for e in errors] == ["many.jsonl"]
    assert "line 2" in errors[0].message


def test_html_main_text_extracted(tmp_path, loaders):
    paragraphs = "".join(f"<p>{BODY} Paragraph {i} adds detail about the vote and its critics.</p>" for i in range(6))
    html = (
        "<html><head><title>Budget vote</title><meta property='og:site_name' content='Example Times'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Budget vote</h1>{paragraphs}</article>"
        "<footer>Copyright Example Times. All rights reserved.</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    [article], errors = load(tmp_path, loaders)
    assert errors == []
    assert "council approved the budget" in article.text
    assert "Home" not in article.text
    assert article.title == "Budget vote"


def test_subfolders_are_stories_and_metadata_file(tmp_path, loaders):
    for story in ("flood", "vote"):
        (tmp_path / story).mkdir()
        (tmp_path / story / "fox.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("id,outlet,date\nflood/fox,Fox News,2025-01-02\n", encoding="utf-8")
    articles, errors = load(tmp_path, loaders)
    assert errors == []
    by_id = {a.id: a for a in articles}
    assert set(by_id) == {"flood/fox", "vote/fox"}
    assert by_id["flood/fox"].story == "flood"
    assert by_id["flood/fox"].outlet == "Fox News"
    assert by_id["vote/fox"].outlet is None


def test_bad_files_reported_one_line_each(tmp_path, loaders):
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "broken.json").write_text('{"text": "unterminated', encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("Le café était fermé. Les élèves sont partis.".encode("latin-1"))
    (tmp_path / "slides.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text(BODY, encoding="utf-8")
    articles, errors = load(tmp_path, loaders)
    assert sorted(a.id for a in articles) == ["good", "latin"]
    assert {a.id: a for a in articles}["latin"].text.startswith("Le café")
    reasons = {e.source: e.message for e in errors}
    assert set(reasons) == {"empty.txt", "noise.txt", "broken.json", "slides.pdf"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["noise.txt"]
    assert "broken JSON" in reasons["broken.json"]
    assert "unsupported" in reasons["slides.pdf"]
    assert all("\n" not in e.one_line() for e in errors)


def test_trailing_furniture_trimmed_on_seeds(seed_texts):
    related = seed_texts["002_1f6a1538d9f75088"]
    end = analysis_end_for(related)
    assert end is not None
    assert related[:end].endswith("addressing shared security threats.")
    assert "Politics4 days ago" not in related[:end]
    comments = seed_texts["004_ec622e111cc1bb68"]
    end = analysis_end_for(comments)
    assert end is not None and "COMMENTS" not in comments[:end]
    assert comments[:end].endswith("controversial executive order.")
    for article_id in ("000_f7c3cfa93856238a", "001_b0ff23a697316e2e", "003_d23ec949c00eaa1b"):
        assert analysis_end_for(seed_texts[article_id]) is None


def test_furniture_not_cut_from_a_normal_ending():
    text = "\n".join([BODY] * 10 + ["Read the full ruling here.", "The vote is on Tuesday."])
    assert analysis_end_for(text) is None
