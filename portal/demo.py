"""The demo content, step by step. Each app contributes a ``load()`` function that is
idempotent (it returns early when its content already exists) and returns a short report."""

from commitments import demo as commitments_demo
from home import demo as home_demo
from opportunities import demo as opportunities_demo

DEMO_STEPS = [
    home_demo.load,
    commitments_demo.load,
    # After the directory's step once it exists: its structures feed "Structures qui
    # peuvent vous aider" and its communes are reused.
    opportunities_demo.load,
]
