"""News and events (``/actualites/``): listing with tags, RSS feed, iCalendar downloads."""
