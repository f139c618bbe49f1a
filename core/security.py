"""Request plumbing for sessions and logins: no caching of pages for logged-in users, the client's address."""

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

# The session's expiry is moved forward at most this often (seconds): a sliding idle timeout without a
# session write on every request (pages keep their query counts; the write costs one UPDATE a minute).
SESSION_REFRESH_INTERVAL = 60
LAST_REFRESH_KEY = "_idle_refresh"


@receiver(user_logged_in)
def note_login_time(sender, request: HttpRequest, user, **kwargs) -> None:
    if hasattr(request, "session"):
        request.session[LAST_REFRESH_KEY] = timezone.now().timestamp()


def refresh_idle_session(get_response: Callable[[HttpRequest], HttpResponse]):
    """Middleware: a logged-in user's request restarts the idle time (SESSION_COOKIE_AGE, set from
    SESSION_IDLE_TIMEOUT), by re-saving the session when the last refresh is over a minute old."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            if now - request.session.get(LAST_REFRESH_KEY, 0) >= SESSION_REFRESH_INTERVAL:
                request.session[LAST_REFRESH_KEY] = now
        return get_response(request)

    return middleware


def no_store_when_logged_in(get_response: Callable[[HttpRequest], HttpResponse]):
    """Middleware: a response to a logged-in user is never stored by a browser or proxy (Cache-Control: no-store).

    Static files never get here: WhiteNoiseMiddleware answers them earlier, with their own cache headers.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, for django-axes (AXES_CLIENT_IP_CALLABLE).

    Behind `TRUSTED_PROXY_COUNT` reverse proxies, each appending the address it received the request from to
    X-Forwarded-For, the client's address is that many entries from the right; anything further left was
    written by the client and is ignored. Without proxies, or without such an entry, REMOTE_ADDR.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [address for address in forwarded if address]
        if len(forwarded) >= proxies and is_ip_address(forwarded[-proxies]):
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
