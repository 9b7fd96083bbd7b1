"""Each worker's copy of the pages stays within its bounds, and serves only current pages."""

import time

from questions.pagecache.memory import Entry, MemoryCache


def page(size, *, generation=1, expires_in=60):
    headers = {"content-type": ("Content-Type", "text/html; charset=utf-8")}
    return Entry(generation, time.time() + expires_in, headers, b"x" * size)


def test_the_least_recently_served_pages_go_first_past_the_entry_bound():
    pages = MemoryCache(max_entries=3, max_bytes=10**6)
    for name in "abc":
        pages.set(name, page(100))
    pages.get("a", 1)

    pages.set("d", page(100))

    assert len(pages) == 3
    assert pages.get("b", 1) is None
    assert all(pages.get(name, 1) is not None for name in "acd")


def test_the_byte_bound_holds_whatever_the_pages_sizes():
    pages = MemoryCache(max_entries=1000, max_bytes=50_000)
    for number in range(200):
        pages.set(f"page-{number}", page(1_000 + number * 37))
        assert pages.bytes <= 50_000

    assert 0 < len(pages) < 200
    assert pages.bytes == sum(pages.get(key, 1).size for key in list(pages._entries))


def test_a_page_larger_than_the_whole_bound_is_not_kept():
    pages = MemoryCache(max_entries=10, max_bytes=5_000)
    pages.set("small", page(100))
    pages.set("huge", page(10_000))

    assert pages.get("huge", 1) is None
    assert pages.get("small", 1) is not None


def test_a_page_of_another_generation_or_past_its_time_is_dropped():
    pages = MemoryCache(max_entries=10, max_bytes=10**6)
    pages.set("old", page(100, generation=1))
    pages.set("expired", page(100, expires_in=-1))

    assert pages.get("old", 2) is None
    assert pages.get("expired", 1) is None
    assert len(pages) == 0
    assert pages.bytes == 0
