"""A Stainless page's `<main>` is parsed from its UTF-8 bytes as from the text they decode to; bytes that are not
UTF-8 read as U+FFFD."""

from __future__ import annotations

from lxml import etree, html as lxml_html

from apiref.scraper.sites.stainless_tree import PARSER, parse


def test_utf8_bytes_give_the_tree_of_their_text() -> None:
    text = ('<main class="m"><h1>Café — “quoted” 日本語 😀</h1><p>a &amp; b &lt;c&gt; &#x41;</p>'
            '<details class="stldocs-expander"><summary>x</summary><div>y</div></details><br></main>')
    tree = parse(text.encode())
    assert tree.tag == "main"
    assert etree.tostring(tree, encoding="unicode") == etree.tostring(lxml_html.fromstring(text, parser=PARSER),
                                                                      encoding="unicode")
    assert tree.findtext("h1") == "Café — “quoted” 日本語 😀"


def test_bytes_that_are_not_utf8_read_as_replacement_characters() -> None:
    tree = parse(b"<main><p>caf\xe9 ok \xff</p><p>fine \xc3\xa9</p></main>")
    assert [p.text for p in tree.findall("p")] == ["caf\ufffd ok \ufffd", "fine \u00e9"]
