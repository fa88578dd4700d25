"""factcheck: find conflicting facts across Vietnamese news articles."""

__version__ = "0.1.0"
