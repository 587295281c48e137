"""InlineImage: a picture printed by a tag, in the body, tables, headers and footers.

    from docx.shared import Mm
    ctx = {"con_dau": InlineImage(tpl, "dau-va-chu-ky.png", width=Mm(35))}
    # in the template: {{ con_dau }}   (or {{r con_dau }} for a run of its own)

Width and height are lengths in EMU (python-docx's ``Mm``, ``Cm``, ``Inches``, ``Pt``); give one
and the other follows the picture's proportions, give neither and the picture's own size is
used. The picture is stored once per document however often it is printed, under a name made
from its content, so the same inputs give the same bytes.
"""
from __future__ import annotations

import os
from typing import IO, Any

from markupsafe import escape

from ..errors import TemplateError
from . import package
from . import state as render_state

_EMU_PER_INCH = 914400
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class InlineImage:
    """A picture for ``{{ x }}``: ``InlineImage(tpl, path_or_file_or_bytes, width=None, height=None,
    anchor=None)`` (``anchor``: a URL the picture links to)."""

    def __init__(self, tpl: Any, image_descriptor: str | os.PathLike | IO[bytes] | bytes,
                 width: int | None = None, height: int | None = None, anchor: str | None = None) -> None:
        self.tpl = tpl
        self.blob = package.read_source(image_descriptor)
        name = os.path.basename(os.fspath(image_descriptor)) if isinstance(image_descriptor, (str, os.PathLike)) \
            else "image"
        self.filename = name
        try:
            from docx.image.image import Image
            img = Image.from_blob(self.blob)
        except Exception:  # noqa: BLE001 - python-docx raises its own UnrecognizedImageError and struct errors
            raise TemplateError(
                f"Ảnh «{name}» không đọc được: cần một tệp PNG, JPEG, GIF, BMP hoặc TIFF.") from None
        self.ext = img.ext
        self.content_type = img.content_type
        native_w = int(img.px_width * _EMU_PER_INCH / (img.horz_dpi or 96))
        native_h = int(img.px_height * _EMU_PER_INCH / (img.vert_dpi or 96))
        if width is None and height is None:
            width, height = native_w, native_h
        elif width is None:
            width = int(native_w * int(height) / native_h) if native_h else int(height)  # type: ignore[arg-type]
        elif height is None:
            height = int(native_h * int(width) / native_w) if native_w else int(width)
        self.width, self.height = int(width), int(height)  # type: ignore[arg-type]
        self.anchor = anchor

    def drawing_xml(self) -> str:
        st = render_state.current()
        media = st.add_media(self.blob, self.ext, self.content_type)
        rid = st.relate(render_state.REL_IMAGE, media)
        pid = st.docpr_id()
        link = ""
        if self.anchor:
            lid = st.relate(render_state.REL_HYPERLINK, self.anchor, external=True)
            link = f'<a:hlinkClick xmlns:a="{_A}" xmlns:r="{_R}" r:id="{lid}"/>'
        name = escape(self.filename)
        cx, cy = self.width, self.height
        return (
            f'<w:drawing><wp:inline xmlns:wp="{_WP}" distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{pid}" name="Picture {pid}">{link}</wp:docPr>'
            f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{_A}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            f'<a:graphic xmlns:a="{_A}"><a:graphicData uri="{_PIC}"><pic:pic xmlns:pic="{_PIC}">'
            f'<pic:nvPicPr><pic:cNvPr id="0" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip xmlns:r="{_R}" r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
            f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            f'</wp:inline></w:drawing>'
        )

    def run_xml(self) -> str:
        return f"<w:r>{self.drawing_xml()}</w:r>"

    def __html__(self) -> str:
        # printed inside a run's text by {{ x }}: close the text, draw, reopen
        return f'</w:t></w:r>{self.run_xml()}<w:r><w:t xml:space="preserve">'

    def __str__(self) -> str:
        return f"[ảnh {self.filename}]"
