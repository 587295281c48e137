"""The DOCX template engine (docxtpl's template language, compiled once, rendered fast).

    from docgen.render import DocxTemplate, RichText, InlineImage, Subdoc, Listing

    tpl = DocxTemplate("mau.docx")                 # strict=False: missing variables print blank
    data = tpl.render({"agency": {"name": "Sở Nội vụ"}, "logo": InlineImage(tpl, "logo.png", width=Mm(20))})

Modules: engine (compile and render), xmltags (the docxtpl tag conventions), sandbox (limits on a
template's work), controls (control characters in values), richtext, image, subdoc, package
(assembling the output), filters (docgen's Vietnamese filters).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import exports

if TYPE_CHECKING:
    from .engine import DocxTemplate, load_template, make_environment
    from .image import InlineImage
    from .richtext import R, RP, Listing, RichText, RichTextParagraph
    from .subdoc import Subdoc

# Each name is imported from its module on first use: ``docgen render`` reads templates kept in
# the compiled-template cache and never needs pictures or sub-documents (nor lxml, which they load).
_LAZY = {"DocxTemplate": ".engine", "load_template": ".engine", "make_environment": ".engine",
         "InlineImage": ".image", "R": ".richtext", "RP": ".richtext", "Listing": ".richtext",
         "RichText": ".richtext", "RichTextParagraph": ".richtext", "Subdoc": ".subdoc"}

__getattr__ = exports(__name__, _LAZY)

__all__ = [
           "RP",
           "DocxTemplate",
           "InlineImage",
           "Listing",
           "R",
           "RichText",
           "RichTextParagraph",
           "Subdoc",
           "load_template",
           "make_environment",
]
