"""docgen: produce, regenerate and repair official Vietnamese administrative documents."""

__version__ = "0.1.0"
