"""Request plumbing for languages: which language a request speaks (issue 14)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

# Browsers that ask for Norwegian without a written standard ("no") or for Nynorsk ("nn") read Bokmål better
# than English; Django knows neither as a variant of "nb".
BROWSER_ALIASES = {"no": "nb", "nn": "nb"}


def browser_language(request: HttpRequest) -> str:
    """The first language of the browser's Accept-Language that the app speaks; English when none."""
    for code, _quality in parse_accept_lang_header(request.headers.get("accept-language", "")):
        if code == "*":
            break
        code = BROWSER_ALIASES.get(code.split("-")[0], code)
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def request_language(request: HttpRequest) -> str:
    """The user's choice on My Settings, else the language switch's cookie, else the browser's language."""
    if request.user.is_authenticated and request.user.language:
        return request.user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in dict(settings.LANGUAGES):
        return cookie
    return browser_language(request)


def user_language(get_response: Callable[[HttpRequest], HttpResponse]):
    """Middleware: activate the request's language (request_language) for the view and the response.

    Runs after AuthenticationMiddleware. LocaleMiddleware (earlier) has activated the cookie's or the browser's
    language as Django reads them; this one adds the user's choice and the Norwegian aliases. LocaleMiddleware
    then sets Content-Language and Vary on the response.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        if language != translation.get_language():
            translation.activate(language)
        request.LANGUAGE_CODE = language
        return get_response(request)

    return middleware
