"""The demo content, step by step. Each app contributes a ``load()`` function that is
idempotent (it returns early when its content already exists) and returns a short report."""

from directory import demo as directory_demo
from home import demo as home_demo

DEMO_STEPS = [
    home_demo.load,
    directory_demo.load,
]
