r"""Rich values a template prints: RichText (runs), RichTextParagraph (paragraphs), Listing.

The same classes and arguments as docxtpl, so code written for docxtpl keeps working::

    rt = RichText("Kính gửi: ")
    rt.add("Sở Nội vụ", bold=True, color="C00000", size=28, font="Times New Roman")
    rt.add("trang web", url="https://example.gov.vn", underline=True)
    tpl.render({"kinh_gui": rt})          # in the template: {{r kinh_gui }}

``{{r x }}`` replaces the whole run that holds the tag by the runs of ``x``; ``{{ x }}`` also
works inside a run (the run is closed and reopened). Text is escaped; ``\n \t \a \f`` become a
line break, tab, new paragraph and page break (see :mod:`docgen.render.controls`).
"""
from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from . import state as render_state
from .controls import map_text

_UNDERLINES = {"single", "double", "thick", "dotted", "dash", "dotDash", "dotDotDash", "wave"}


def _attr(value: Any) -> str:
    return str(escape(str(value)))


def text_xml(text: Any) -> str:
    """Escaped text with control characters mapped (sentinels resolved after the part renders)."""
    if not isinstance(text, str):
        text = text.decode("utf-8", errors="replace") if isinstance(text, bytes) else str(text)
    return map_text(str(escape(text)))


class RichText:
    """Runs of text with their own formatting, printed with ``{{r x }}`` (or ``{{ x }}``)."""

    def __init__(self, text: Any = None, **text_prop: Any) -> None:
        self._pieces: list[str | tuple[str, str]] = []
        if text is not None and text != "":
            self.add(text, **text_prop)

    def add(self, text: Any, style: str | None = None, color: str | None = None, highlight: str | None = None,
            size: int | None = None, subscript: bool | None = None, superscript: bool | None = None,
            bold: bool = False, italic: bool = False, underline: bool | str = False, strike: bool = False,
            font: str | None = None, url_id: str | None = None, rtl: bool = False, lang: str | None = None,
            url: str | None = None) -> RichText:
        """Append a run (or another RichText). ``font="eastAsia:SimSun"`` sets the East Asian font;
        ``url=`` makes the run a hyperlink (``url_id=`` takes an id from ``build_url_id``)."""
        if isinstance(text, RichText):
            self._pieces.extend(text._pieces)
            return self
        prop = ""
        if style:
            prop += f'<w:rStyle w:val="{_attr(style)}"/>'
        if font:
            regional = ""
            if ":" in font:
                region, font = font.split(":", 1)
                regional = f' w:{_attr(region)}="{_attr(font)}"'
            f = _attr(font)
            prop += f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}"{regional}/>'
        if bold:
            prop += "<w:b/>" + ("<w:bCs/>" if rtl else "")
        if italic:
            prop += "<w:i/>" + ("<w:iCs/>" if rtl else "")
        if strike:
            prop += "<w:strike/>"
        if color:
            prop += f'<w:color w:val="{_attr(color.lstrip("#"))}"/>'
        if size:
            prop += f'<w:sz w:val="{int(size)}"/><w:szCs w:val="{int(size)}"/>'
        if highlight:
            prop += f'<w:shd w:val="clear" w:color="auto" w:fill="{_attr(highlight.lstrip("#"))}"/>'
        if underline:
            kind = underline if underline in _UNDERLINES else "single"
            prop += f'<w:u w:val="{kind}"/>'
        if subscript:
            prop += '<w:vertAlign w:val="subscript"/>'
        if superscript:
            prop += '<w:vertAlign w:val="superscript"/>'
        if rtl:
            prop += '<w:rtl w:val="true"/>'
        if lang:
            prop += f'<w:lang w:val="{_attr(lang)}"/>'
        xml = "<w:r>" + (f"<w:rPr>{prop}</w:rPr>" if prop else "")
        xml += f'<w:t xml:space="preserve">{text_xml(text)}</w:t></w:r>'
        if url_id:
            xml = f'<w:hyperlink r:id="{_attr(url_id)}" w:tgtFrame="_blank">{xml}</w:hyperlink>'
            self._pieces.append(xml)
        elif url:
            self._pieces.append((str(url), xml))
        else:
            self._pieces.append(xml)
        return self

    @property
    def xml(self) -> str:
        out = []
        for piece in self._pieces:
            if isinstance(piece, tuple):
                url, run = piece
                rid = render_state.current().relate(render_state.REL_HYPERLINK, url, external=True)
                out.append(f'<w:hyperlink r:id="{rid}" w:history="1">{run}</w:hyperlink>')
            else:
                out.append(piece)
        return "".join(out)

    @property
    def text(self) -> str:
        """The plain text (for checks and tests)."""
        import re
        return "".join(re.sub(r"<[^>]+>", "", p if isinstance(p, str) else p[1]) for p in self._pieces)

    def __html__(self) -> str:
        # printed inside a run by {{ x }}: close the run, write ours, reopen one
        return '</w:t></w:r>' + self.xml + '<w:r><w:t xml:space="preserve">'

    def runs_markup(self) -> Markup:
        return Markup(self.xml)

    def __str__(self) -> str:
        return self.text


R = RichText


class RichTextParagraph:
    """Whole paragraphs, printed with ``{{p x }}``: the paragraph holding the tag is replaced."""

    def __init__(self, text: Any = None, **text_prop: Any) -> None:
        self._paragraphs: list[tuple[str, RichText]] = []
        if text is not None and text != "":
            self.add(text, **text_prop)

    def add(self, text: Any, parastyle: str | None = None) -> RichTextParagraph:
        rt = text if isinstance(text, RichText) else RichText(text)
        prop = f'<w:pPr><w:pStyle w:val="{_attr(parastyle)}"/></w:pPr>' if parastyle else ""
        self._paragraphs.append((prop, rt))
        return self

    @property
    def xml(self) -> str:
        return "".join(f"<w:p>{prop}{rt.xml}</w:p>" for prop, rt in self._paragraphs)

    def __html__(self) -> str:
        # printed inside a run by {{ x }}: close the paragraph, write ours, reopen one
        return '</w:t></w:r></w:p>' + self.xml + '<w:p><w:r><w:t xml:space="preserve">'

    def __str__(self) -> str:
        return "\n".join(rt.text for _, rt in self._paragraphs)


RP = RichTextParagraph


class Listing:
    r"""Text whose ``\n \a \t \f`` become line breaks, new paragraphs, tabs and page breaks,
    keeping the template's formatting (every docgen string does this; the class is kept so that
    docxtpl code runs unchanged)."""

    def __init__(self, text: Any) -> None:
        self.source = text if isinstance(text, str) else str(text)

    def __html__(self) -> str:
        return text_xml(self.source)

    def __str__(self) -> str:
        return self.source
