"""Reading and writing files: atomic writes, safe DOCX packages, deterministic ZIPs."""
