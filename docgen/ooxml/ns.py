"""The namespaces and relationship types of WordprocessingML packages: the one place they are
spelled. ``W`` etc. are Clark-notation prefixes (``W + "p"`` is ``{…/main}p``)."""
from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_NS = "http://www.w3.org/XML/1998/namespace"

W = "{%s}" % W_NS
R = "{%s}" % R_NS
REL = "{%s}" % REL_NS
CT = "{%s}" % CT_NS
A = "{%s}" % A_NS
M = "{%s}" % M_NS
MC = "{%s}" % MC_NS
XML_SPACE = "{%s}space" % XML_NS

# Relationship types, matched by their ending (transitional and strict spellings differ before it).
RT_OFFICE_DOCUMENT = "/officeDocument"
RT_STYLES = "/styles"
RT_THEME = "/theme"
RT_HEADER = "/header"
RT_FOOTER = "/footer"
RT_FOOTNOTES = "/footnotes"
RT_ENDNOTES = "/endnotes"
RT_COMMENTS = "/comments"
