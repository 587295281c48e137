"""The one layer that edits WordprocessingML text: paragraph text and its map to runs
(text.py), edits applied in place or as tracked changes (edit.py), legacy-font runs (fonts.py)."""
