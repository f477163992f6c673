"""Benchmark scripts (see README.md); the modules starting with "_" are their shared library."""
