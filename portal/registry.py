"""A registry of named providers that apps plug into another app's feature (home sections,
key figures, sitemap sections…), with a helper for tests."""

import contextlib


class Registry:
    def __init__(self):
        self._entries = {}

    def check_key(self, key):
        """Refuse a key the registry does not know (overridden by registries with a fixed set)."""

    def register(self, key):
        self.check_key(key)

        def decorator(entry):
            self._entries[key] = entry
            return entry

        return decorator

    def unregister(self, key):
        self._entries.pop(key, None)

    def get(self, key):
        return self._entries.get(key)

    def is_available(self, key):
        return key in self._entries

    @contextlib.contextmanager
    def temporarily(self, key, entry):
        """Register ``entry`` (None: nothing) for the duration of a ``with`` block, then put
        back what was there (tests)."""
        previous = self._entries.get(key)
        self.register(key)(entry)
        if entry is None:
            self.unregister(key)
        try:
            yield
        finally:
            if previous is None:
                self.unregister(key)
            else:
                self._entries[key] = previous
