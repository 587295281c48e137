"""Compatibility re-exports: parsing lives in :mod:`docgen.io.xmlsafe`, namespaces in
:mod:`docgen.ooxml.ns`. New code imports from those."""
from __future__ import annotations

from ..ooxml.ns import W, W_NS
from .xmlsafe import parse_xml, serialize_xml

__all__ = ["W_NS", "W", "parse_xml", "serialize_xml"]
