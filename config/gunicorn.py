"""gunicorn settings for production: `gunicorn -c config/gunicorn.py config.wsgi`.

gunicorn names itself in a `Server` header on every HTTP/1 response and has no setting to turn that off, so this
file (read by the master before it forks the workers) removes the header from the status line and headers that
gunicorn writes itself. The app never sets one. tests/core/test_sessions.py starts gunicorn with this file
and checks the header is gone; HTTP/2 (off unless `--http-protocols h2` is given) is not covered.
"""

from gunicorn.http import wsgi

wsgi_app = "config.wsgi"

_gunicorn_default_headers = wsgi.Response.default_headers


def default_headers_without_server(self: wsgi.Response) -> list[str]:
    return [line for line in _gunicorn_default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = default_headers_without_server
