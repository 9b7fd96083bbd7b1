"""Anonymous visits that read the page cache's header."""


def warm(client, url):
    """Fetch `url` twice as an anonymous visitor; the second time comes from the cache."""
    first = client.get(url)
    second = client.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    return second


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response
