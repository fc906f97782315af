"""Logs as one JSON object per line (DJANGO_LOG_FORMAT=json), for a log collector to parse.

Each line has time (UTC, ISO 8601), level, logger and message; a logged exception adds its
traceback under "exception"; what Django's request logger attaches (status code, method and
path, never headers, cookies or the body) goes in too, and so does any other plain value
passed with `extra=`.
"""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has: not repeated as extras.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key.startswith("_"):
                continue
            if key == "request":
                entry["method"] = getattr(value, "method", None)
                entry["path"] = getattr(value, "path", None)
            elif isinstance(value, str | int | float | bool) or value is None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
