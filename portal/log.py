"""Structured logs: a request id on every record and a JSON formatter for production.

``RequestIDMiddleware`` (portal/middleware.py) stores the request id in a context variable;
``RequestIDFilter`` copies it onto every log record (``record.request_id``, "-" outside a
request) and ``JSONFormatter`` writes one JSON object per line (``LOG_FORMAT=json``).
"""

import contextvars
import json
import logging
from datetime import UTC, datetime

request_id_var = contextvars.ContextVar("request_id", default="-")

_STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", (), None)).keys()
) | {"message", "asctime", "request_id"}


def get_request_id():
    return request_id_var.get()


class RequestIDFilter(logging.Filter):
    """Adds ``request_id`` to every record (never filters anything out)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras, exception."""

    def format(self, record):
        payload = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                payload[key] = value if _is_jsonable(value) else repr(value)
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            payload["stack"] = self.formatStack(record.stack_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


def _is_jsonable(value):
    return isinstance(value, str | int | float | bool | type(None) | list | dict)
