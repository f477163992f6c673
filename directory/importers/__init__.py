"""Imports of official open-data files: communes and lists of structures."""
