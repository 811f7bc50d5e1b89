"""snslint: a pre-publish linter for Japanese social-media posts."""

__version__ = "0.1.0"
