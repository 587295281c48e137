"""The DOCX template engine (engine), its Jinja filters (filters) and tag preprocessing (xmltags)."""
from .engine import DocxTemplate, load_template

__all__ = ["DocxTemplate", "load_template"]
