"""Small records printed by templates (list cards prepared in Python)."""


class TemplateRecord:
    """Mixin for dataclasses read by Django templates: templates try ``record[name]`` before
    ``record.name``, and answering it spares an exception per value printed."""

    def __getitem__(self, name):
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None
