"""A text progress bar for the import commands (redrawn in place on a terminal)."""

import time


class ProgressBar:
    width = 30

    def __init__(self, stream, label=""):
        self.stream = stream
        self.label = label
        self.started = time.monotonic()
        self.is_tty = hasattr(stream, "isatty") and stream.isatty()
        self.drawn = False

    def __call__(self, done, total):
        ratio = done / total if total else 1
        filled = round(self.width * ratio)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        bar = "#" * filled + "-" * (self.width - filled)
        text = (
            f"{self.label} [{bar}] {ratio:4.0%} {done:,}/{total:,} lignes "
            f"({done / elapsed:,.0f} lignes/s)".replace(",", "\u202f")
        )
        if self.is_tty:
            self.stream.write("\r" + text, ending="")
            self.stream.flush()
        else:
            self.stream.write(text)
        self.drawn = True

    def finish(self):
        if self.drawn and self.is_tty:
            self.stream.write("")
