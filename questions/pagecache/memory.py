"""Each worker's own copy of the pages it serves most: bounded in entries and in bytes.

A hit from here touches no socket at all. It is only as fresh as the content
generation the worker knows (`watch.py`), which is why every entry carries the
generation it was rendered under and is served only while that is current.
"""

import threading
import time
from collections import OrderedDict
from typing import NamedTuple


class Entry(NamedTuple):
    generation: int
    expires: float  # time.time() after which the page must not be served
    headers: dict  # as `ResponseHeaders` keeps them: {lower-case name: (name, value)}
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content) + sum(len(n) + len(v) for n, v in self.headers.values()) + 200


class MemoryCache:
    """A least-recently-used map from page keys to entries, within both bounds."""

    def __init__(self, *, max_entries: int, max_bytes: int):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self):
        return len(self._entries)

    def get(self, key, generation) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.generation != generation or entry.expires <= time.time():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def set(self, key, entry: Entry):
        size = entry.size
        if size > self.max_bytes or self.max_entries < 1:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self.bytes += size
            while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self):
        with self._lock:
            self._entries.clear()
            self.bytes = 0

    def _drop(self, key):
        self.bytes -= self._entries.pop(key).size
