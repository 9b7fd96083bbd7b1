vcl 4.1;

# PyInterview behind Varnish: anonymous pages from the cache, everyone else's
# from the app servers. The app decides what may be kept: static files, and
# the pages it marks `Cache-Control: public, max-age=0, s-maxage=...`
# (anonymous visitors' pages, questions/pagecache/cdn.py). It bans every page
# after each content change (DJANGO_PAGE_CACHE_PURGE_URLS lists this server).
# The app servers, the `app` director and the `purgers` ACL are in
# varnish-site.vcl, looked up on vcl_path: copy it next to this file and edit it.

import directors;

include "varnish-site.vcl";

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # Any change can show on any page (counts, lists, previous and next),
        # so every page goes; static files, named by their content, stay.
        ban("obj.http.Cache-Control ~ s-maxage");
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # A session (a signed-in reader, an editor, a mock interview) or a message
    # is one visitor's: their pages always come from the app. The names are
    # Django's SESSION_COOKIE_NAME and the messages framework's cookie.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=" || req.http.Authorization) {
        return (pass);
    }
    # Any other cookie (csrftoken) goes on to the app, which marks public only
    # the pages that read none.
    return (hash);
}

sub vcl_hash {
    # The https and http pages of one address differ (canonical links, redirects).
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # Only what the app marks public is kept, and never a page that sets a cookie;
    # anything else (signed-in pages, drafts, forms with a CSRF token, errors)
    # is fetched afresh for every request.
    if (beresp.http.Cache-Control !~ "(?i)\bpublic\b" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}
