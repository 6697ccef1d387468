"""HTML given without an extension (stdin, a file named page.php) is recognised as browsers sniff a page: past
byte-order marks, whitespace, comments, conditional comments, doctypes and XML declarations, to the first
element.

The openings below are the shapes a survey of the first 2 KB of 157 real news pages found (written anew
here: no page's text is copied), each followed by the same small article.
"""

from __future__ import annotations

import json

import pytest

from claimtrack.reader import looks_like_html, sniff

ARTICLE = """<head>
<title>Ferry service resumes on the Sound | The Quayside Gazette</title>
<meta name="twitter:description" content="The ferry runs again, the harbour board said.">
<meta property="og:site_name" content="The Quayside Gazette">
</head>
<body>
<article>
<h1>Ferry service resumes on the Sound</h1>
<p>The ferry between Northby and Eastholm ran again on Tuesday after a week of storms, the harbour board said.</p>
<p>Captain Mira Holt said the crossing had taken forty minutes, ten more than usual.</p>
<p>The board said a second ferry would join the route in June if the repairs on the slipway were finished.</p>
</article>
</body>
</html>
"""

# (name, opening up to and including the <html> tag, or the first element of a page that has none)
OPENINGS = [
    ("doctype", "<!DOCTYPE html>\n<html lang=\"en\">\n"),
    ("doctype-upper-html4", '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">'
                            "\r\n<HTML>"),
    ("whitespace-doctype", "\n\n   <!doctype html>\n<html>\n"),
    ("doctype-conditional-lt-ie7",
     "<!DOCTYPE html>\n<!--[if lt IE 7]> <html class=\"no-js ie6\" lang=\"en\"> <![endif]-->\n"
     "<!--[if IE 7]> <html class=\"no-js ie7\" lang=\"en\"> <![endif]-->\n"
     "<!--[if gt IE 8]><!--> <html class=\"no-js\" lang=\"en\"> <!--<![endif]-->\n"),
    ("doctype-comment", "<!DOCTYPE html>\n<!-- page built by the quayside templates, v4 -->\n<html>\n"),
    ("doctype-comment-conditional",
     "<!doctype html>\n<!-- paulirish.com conditional classes -->\n<!--[if IEMobile 7 ]> <html class=\"iem7\"> "
     "<![endif]-->\n<!--[if (gt IEMobile 7)|!(IEMobile)]><!--><html class=\"no-js\"><!--<![endif]-->\n"),
    # several cache banners in conditional comments before the doctype (the shape stored as plain text)
    ("conditional-banners-first",
     "<!--[if !IE]> Served from the edge cache <![endif]-->\n"
     "<!--[if !IE]> Request handled by node QX-114 <![endif]-->\n"
     "<!--[if !IE]> Cached at 09:14 GMT, expires at 09:29 GMT <![endif]-->\n\n\n"
     '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"\n'
     '    "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
     '<html xmlns="http://www.w3.org/1999/xhtml">\n'),
    # a doctype inside a conditional comment, then the real one
    ("conditional-doctype-then-doctype",
     "<!--[if IE ]>\n<!doctype html>\n<![endif]-->\n"
     '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-'
     'transitional.dtd">\n\n<html xmlns="http://www.w3.org/1999/xhtml" lang="en">\n'),
    # a space before the doctype, CRLF line ends, template comments with three dashes, an <html> per IE version
    ("space-doctype-template-comments",
     " <!DOCTYPE html>\r\n<!--NEW-->\r\n\r\n<!--- head.vm --->\r\n<!--- mode = www --->\r\n"
     '<!--[if IE 8]><html class="ie8" lang="en"><![endif]-->\r\n'
     '<!--[if IE 9]><html class="ie9" lang="en"><![endif]-->\r\n<!--[if !IE]><!-->\r\n<html lang="en">\r\n'),
    ("blank-lines-doctype-conditional-html",
     '\n\n<!doctype html>\n<!--[if IE]><html class="ie" lang="ja"><![endif]-->\n<html lang="ja">\n'),
    ("downlevel-revealed", "<![if !IE]>\n<!DOCTYPE html>\n<![endif]>\n<html>\n"),
    ("byte-order-mark", "\ufeff<!DOCTYPE html>\n<html>\n"),
    ("xml-declaration", '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
                        '<html xmlns="http://www.w3.org/1999/xhtml">\n'),
    ("doctype-no-space", "<!DOCTYPE html><html>"),
    # no <html> at all: a redirect page that opens with a script
    ("script-first", "<script>window.redirected = 1</script>\n<html>\n"),
    ("head-first", ""),  # the page opens with <head>
]

NOT_HTML = [
    ("plain", "Ferry service resumes\n\nThe ferry ran again on Tuesday, the harbour board said.\n"),
    # a Markdown file opening with a comment stays text
    ("markdown-comment", "<!-- draft: check the times -->\n# Ferry service resumes\n\nThe ferry ran again on Tuesday.\n"),
    ("angle-brackets-in-text", "<Breaking> Ferry service resumes\n\nThe board said <html> tags were stripped.\n"),
    ("a-name-in-brackets", "<Quayside Gazette> reported that the ferry ran again.\n"),
]


def page(opening: str) -> str:
    return opening + ARTICLE


@pytest.mark.parametrize("opening", [o for _, o in OPENINGS], ids=[n for n, _ in OPENINGS])
def test_every_opening_is_html(opening):
    assert looks_like_html(page(opening))
    assert sniff(page(opening)) == "html"


@pytest.mark.parametrize("text", [t for _, t in NOT_HTML], ids=[n for n, _ in NOT_HTML])
def test_text_stays_text(text):
    assert not looks_like_html(text)
    assert sniff(text) == "txt"


def test_a_long_prologue_is_read_past():
    banners = "".join(f"<!--[if !IE]> cache line {i} <![endif]-->\n" for i in range(400))  # ~16 KB of comments
    assert looks_like_html(banners + page("<!DOCTYPE html>\n<html>\n"))
    assert not looks_like_html(banners + "The ferry ran again on Tuesday, the harbour board said.\n")


@pytest.mark.parametrize("opening", [o for n, o in OPENINGS if n in (
    "conditional-banners-first", "conditional-doctype-then-doctype", "space-doctype-template-comments",
    "byte-order-mark", "script-first")], ids=lambda o: repr(o[:20]))
def test_html_on_stdin_is_extracted_not_stored_as_markup(cli, opening):
    res = cli("ingest", "-", input=page(opening).encode("utf-8"))
    assert res.exit_code == 0, res.output
    docs = json.loads(cli("documents", "list", "--format", "json").stdout)
    assert [(d["origin"], d["format"]) for d in docs] == [("-", "html")]
    claims = json.loads(cli("report", "claims", "--format", "json").stdout)
    assert claims and not any("<" in (c["content_text"] or "") for c in claims)
    assert {c["speakers"] for c in claims} >= {"Mira Holt"}


def test_html_in_a_file_without_an_html_extension(cli_nodb, tmp_path):
    p = tmp_path / "ferry.php"
    p.write_text(page(OPENINGS[6][1]), "utf-8")
    res = cli_nodb("extract", str(p), db=False)
    assert res.exit_code == 0, res.output
    rec = json.loads(res.stdout.splitlines()[0])
    assert rec["document"]["format"] == "html" and rec["document"]["outlet"] == "The Quayside Gazette"
    assert "<meta" not in rec["document"]["text"]
