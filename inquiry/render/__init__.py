"""Renderers: one format-neutral view of every item, and a translator per format."""
