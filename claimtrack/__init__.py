"""claimtrack: a claim and source-attribution tracker for news analysts."""

__version__ = "0.1.0"
