"""Placeholder module: rules land here."""
