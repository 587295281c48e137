"""Typography of the rendered documents: text measured with Times New Roman's metrics, lines
broken the way a clerk breaks them, and the page geometry the templates are built with.

* :mod:`.metrics` — advance widths (a packaged table built by scripts/build_layout_data.py);
* :mod:`.breaking` — balanced line breaks between words (word facts from :mod:`docgen.vi.words`);
* :mod:`.geometry` — page, columns and font sizes shared by the templates and the breaker.
"""
