"""Chinese by default: the language is zh-hans unless the user chose another with the language switcher.

Django's LocaleMiddleware would follow the browser's Accept-Language; office computers and kiosks often have
English browsers, and the staff still expect the Chinese interface.
"""
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

