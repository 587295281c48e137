"""The page as the templates lay it out (scripts/build_templates.py builds from these numbers,
and the line breaker measures against them), in millimetres and points.

Decree 30, Appendix I: A4, margins top 20–25, bottom 20–25, left 30–35, right 15–20; we take
20/20/30/15, so the text is 165 mm wide. The header is a two-column borderless table: in the
decree's samples the agency takes the left two fifths and the national title the right three
fifths; the left column widens for a long agency name as far as the national title allows.
"""
from __future__ import annotations

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20.0, 20.0, 30.0, 15.0
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 165
TEXT_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM  # 257

HEADER_LEFT = 66.0  # two fifths of the text width, as in the decree's samples
HEADER_RIGHT = TEXT_W - HEADER_LEFT
HEADER_GAP = 1.0  # least room beside the widest line of the right column

# font sizes (points) of each element, within the decree's ranges
PARENT_SIZE = AGENCY_SIZE = NATIONAL_SIZE = NUMBER_SIZE = 13
MOTTO_SIZE = PLACE_DATE_SIZE = 14
TYPE_SIZE = SUMMARY_SIZE = BODY_SIZE = SIGNER_SIZE = 14
COMPACT_SIZE = 13  # the decree's lower bound for every 14 pt element (a one-page Giấy mời)
RECIPIENTS_LABEL_SIZE, RECIPIENTS_SIZE = 12, 11
SUMMARY_W = 160.0  # a summary is centred a little inside the text width

CLOSING_LEFT = TEXT_W * 0.45  # Nơi nhận
CLOSING_RIGHT = TEXT_W - CLOSING_LEFT  # the signature block
GRID_CELL = TEXT_W / 2  # one member of the pledge's signature grid
UNIT_SIZE = 13  # a member unit's name in the grid
