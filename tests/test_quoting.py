"""Excerpts in quotation marks: never two opening double marks in a row."""

from __future__ import annotations

from reader.text.quoting import markdown_literal, quoted, shortened


def test_plain_text_gets_double_marks_and_a_quote_within_a_quote_single_ones():
    assert quoted("burst its banks") == "“burst its banks”"
    assert quoted("“We have never seen the river this high,” Romero said") == (
        "‘“We have never seen the river this high,” Romero said’"
    )
    assert quoted('"Crossed the red line"') == '‘"Crossed the red line"’'


def test_long_text_is_shortened_with_an_ellipsis():
    assert shortened("a" * 10, 5) == "aaaa…" and len(shortened("a" * 10, 5)) == 5
    assert shortened("short", 5) == "short" and shortened("no limit") == "no limit"
    assert quoted("the river rose to record levels", 10) == "“the river…”"


def test_article_text_reads_in_markdown_as_it_was_written():
    assert markdown_literal("**Breaking** <b>now</b> | a [link](x) `code` snake_case \\") == (
        "\\*\\*Breaking\\*\\* \\<b\\>now\\</b\\> \\| a \\[link\\](x) \\`code\\` snake\\_case \\\\"
    )
    assert markdown_literal("Plain words, “quoted”, 4,000 people.") == "Plain words, “quoted”, 4,000 people."
