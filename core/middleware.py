"""Request plumbing for languages: the language a logged-in user chose on My Settings (core:profile)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


def user_language(get_response: Callable[[HttpRequest], HttpResponse]):
    """Middleware: a logged-in user's chosen language wins over the cookie and Accept-Language.

    Runs after AuthenticationMiddleware; LocaleMiddleware (earlier) has already activated the language of the
    cookie or the browser, which stays when the user's choice is blank ("the browser's language").
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        language = request.user.language if request.user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return get_response(request)

    return middleware
