"""Renderers: format a Document or a Comparison; they never compute comparisons."""
