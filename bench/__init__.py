"""The load benchmark behind `make bench`: a large bank, gunicorn, wrk, figures per page."""
