"""A Stainless page's `<main>` is parsed from its UTF-8 bytes as from the text they decode to; bytes that are not
UTF-8 read as U+FFFD. An element's inner HTML is what lxml.html.tostring gives of its children."""

from __future__ import annotations

from lxml import etree, html as lxml_html

from apiref.scraper.sites.stainless_tree import PARSER, inner_html, parse


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


def test_inner_html_is_what_lxml_html_writes_of_the_children() -> None:
    el = lxml_html.fromstring('<div>lead &amp; <p>one <code>x&lt;y</code></p>tail<br>'
                              '<meta http-equiv="Content-Type" content="text/html"><img src="a.png" alt="“q”">'
                              '<ul><li>é</li></ul> end</div>', parser=PARSER)
    want = "lead &amp; " + "".join(lxml_html.tostring(c, encoding="unicode") for c in el)
    assert inner_html(el) == want
    assert "<meta" not in want and "<br>" in want  # (lxml.html drops the content-type tag; the rest is as written)
