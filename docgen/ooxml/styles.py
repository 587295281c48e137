"""Styles and effective formatting as Word resolves them (``styles.xml``): run properties through
run rPr → character style → paragraph style and its basedOn chain → docDefaults (theme fonts
resolved), paragraph properties likewise. Read by lint (formatting rules) and the legacy-font
swap (effective fonts, :class:`docgen.ooxml.fonts.StyleSheet`)."""
from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree

from .ns import W

MAX_STYLE_DEPTH = 32


def on(el: etree._Element | None) -> bool | None:
    """The value of a toggle property element (w:b, w:i, w:caps …): None when absent."""
    if el is None:
        return None
    return el.get(W + "val", "true").lower() not in ("0", "false", "off", "none")


def to_int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


@dataclass
class RunProps:
    ascii: str | None = None
    hansi: str | None = None
    size: float = 10.0  # points; Word's default when nothing sets w:sz
    bold: bool = False
    italic: bool = False
    caps: bool = False
    color: str | None = None


@dataclass
class ParaProps:
    jc: str | None = None
    first_line: int = 0  # twips; negative for a hanging indent
    left: int = 0  # twips
    before: int = 0
    after: int = 0
    line: int | None = None
    line_rule: str = "auto"


class Styles:
    """styles.xml with basedOn chains, docDefaults and theme fonts."""

    def __init__(self, root: etree._Element | None, theme_fonts: dict[str, str]):
        self.root = root
        self.theme_fonts = theme_fonts
        self.by_id: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.default_char: str | None = None
        self.rpr_default = self.ppr_default = None
        if root is None:
            return
        for st in root.findall(W + "style"):
            sid = st.get(W + "styleId")
            if sid is not None:
                self.by_id.setdefault(sid, st)
            if st.get(W + "default") in ("1", "true", "on"):
                kind = st.get(W + "type")
                if kind == "paragraph" and self.default_para is None:
                    self.default_para = sid
                elif kind == "character" and self.default_char is None:
                    self.default_char = sid
        dd = root.find(W + "docDefaults")
        if dd is not None:
            self.rpr_default = dd.find(f"{W}rPrDefault/{W}rPr")
            self.ppr_default = dd.find(f"{W}pPrDefault/{W}pPr")

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """Style elements from the root of the basedOn chain to the style itself."""
        out: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(out) < MAX_STYLE_DEPTH:
            seen.add(style_id)
            st = self.by_id.get(style_id)
            if st is None:
                break
            out.append(st)
            based = st.find(W + "basedOn")
            style_id = based.get(W + "val") if based is not None else None
        return out[::-1]

    def para_style(self, p: etree._Element) -> str | None:
        ps = p.find(f"{W}pPr/{W}pStyle")
        return ps.get(W + "val") if ps is not None else self.default_para

    def run_layers(self, para_style: str | None, char_style: str | None) -> list[etree._Element]:
        layers = [self.rpr_default]
        layers += [st.find(W + "rPr") for st in self.chain(para_style)]
        layers += [st.find(W + "rPr") for st in self.chain(char_style or self.default_char)]
        return [x for x in layers if x is not None]

    def para_layers(self, para_style: str | None) -> list[etree._Element]:
        layers = [self.ppr_default] + [st.find(W + "pPr") for st in self.chain(para_style)]
        return [x for x in layers if x is not None]

    def font(self, rfonts: etree._Element, kind: str) -> str | None:
        theme = rfonts.get(W + kind + "Theme")
        if theme:
            return self.theme_fonts.get("major" if theme.startswith("major") else "minor", theme)
        return rfonts.get(W + kind)


def fold_run(styles: Styles, layers: list[etree._Element], base: RunProps | None = None) -> RunProps:
    """Run properties from ``base`` (default: Word's defaults) with each layer applied in order."""
    rp = replace(base) if base else RunProps()
    for rpr in layers:
        f = rpr.find(W + "rFonts")
        if f is not None:
            rp.ascii = styles.font(f, "ascii") or rp.ascii
            rp.hansi = styles.font(f, "hAnsi") or rp.hansi
        sz_el = rpr.find(W + "sz")
        sz = to_int(sz_el.get(W + "val")) if sz_el is not None else None
        if sz:
            rp.size = sz / 2
        for tag, name in (("b", "bold"), ("i", "italic"), ("caps", "caps")):
            v = on(rpr.find(W + tag))
            if v is not None:
                setattr(rp, name, v)
        c = rpr.find(W + "color")
        if c is not None and c.get(W + "val"):
            rp.color = c.get(W + "val")
    return rp


def fold_para(layers: list[etree._Element], base: ParaProps | None = None) -> ParaProps:
    pp = replace(base) if base else ParaProps()
    for ppr in layers:
        jc = ppr.find(W + "jc")
        if jc is not None and jc.get(W + "val"):
            pp.jc = jc.get(W + "val")
        ind = ppr.find(W + "ind")
        if ind is not None:
            left = ind.get(W + "left", ind.get(W + "start"))
            if left is not None:
                pp.left = to_int(left) or 0
            if ind.get(W + "hanging") is not None:
                pp.first_line = -(to_int(ind.get(W + "hanging")) or 0)
            elif ind.get(W + "firstLine") is not None:
                pp.first_line = to_int(ind.get(W + "firstLine")) or 0
        sp = ppr.find(W + "spacing")
        if sp is not None:
            for attr, name in (("before", "before"), ("after", "after"), ("line", "line")):
                v = to_int(sp.get(W + attr))
                if v is not None:
                    setattr(pp, name, v)
            if sp.get(W + "lineRule"):
                pp.line_rule = sp.get(W + "lineRule")
    return pp
