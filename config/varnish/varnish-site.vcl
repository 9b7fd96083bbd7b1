# This site's part of varnish.vcl: the app servers (gunicorn), and who may purge.

backend app_1 {
    .host = "10.0.0.11";
    .port = "8001";
}

backend app_2 {
    .host = "10.0.0.12";
    .port = "8001";
}

# The app servers send the bans (DJANGO_PAGE_CACHE_PURGE_URLS).
acl purgers {
    "localhost";
    "10.0.0.11";
    "10.0.0.12";
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app_1);
    app.add_backend(app_2);
}
