"""Gunicorn access log as one JSON object per line (``LOG_FORMAT=json``), request id included.

Gunicorn's own ``access_log_format`` does not escape quotes, so a user agent could break a
JSON line: this logger builds the object with ``json.dumps`` instead.
"""

import json
from datetime import UTC, datetime

from gunicorn.glogging import Logger


class JsonAccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.logconfig_dict):
            return
        atoms = self.atoms(resp, req, environ, request_time)
        payload = {
            "time": datetime.now(tz=UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "remote_addr": atoms["h"],
            "method": atoms["m"],
            "path": atoms["U"],
            "query": atoms["q"],
            "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
            "bytes": atoms["B"],
            "duration_ms": atoms["M"],
            "referer": atoms["f"],
            "user_agent": atoms["a"],
            "request_id": atoms.get("{x-request-id}o", "-"),
        }
        try:
            self.access_log.info(json.dumps(payload, ensure_ascii=False))
        except Exception:
            self.exception("Failed to write the access log line.")
