"""Logging filters named by `LOGGING` in the settings."""

import logging


class WithoutTraceback(logging.Filter):
    """Keep the one-line message of a record and drop its traceback.

    For `django.security`: a scanner's forged Host header or too many query
    parameters is answered with a 400 and is worth one line in the log, not a
    stack trace per request.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
