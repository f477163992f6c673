"""The demo content, step by step. Each app contributes a ``load()`` function that is
idempotent (it returns early when its content already exists) and returns a short report."""

from commitments import demo as commitments_demo
from directory import demo as directory_demo
from directory import registration_demo
from home import demo as home_demo
from home import demo_site
from opportunities import demo as opportunities_demo

DEMO_STEPS = [
    home_demo.load,
    directory_demo.load,
    # After the directory: its structures feed "Structures qui peuvent vous aider".
    opportunities_demo.load,
    commitments_demo.load,
    # After the directory's own step: a change is proposed for one of its structures.
    registration_demo.load,
    demo_site.load,
    # Keep last: links the home page to the pages the other steps create.
    demo_site.link_home_entry_points,
]
