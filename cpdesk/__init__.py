"""cpdesk: child-protection performance figures for English councils."""

__version__ = "0.1.0"
