"""The one module that renders print documents (PRT): a print template → HTML → WeasyPrint → PDF bytes.

Measured facts behind the choices here are in PRINTING.md:
- One FontConfiguration and pre-parsed CSS objects are reused by every render (parsing and font set-up are
  a large share of a one-page document's time).
- Fonts are named explicitly ("Noto Serif CJK SC" / "Noto Sans CJK SC") and the HTML says lang="zh-CN", or
  fontconfig may pick the Japanese glyph shapes.
- WeasyPrint fetches nothing from the network: the fetcher serves our own static files only and refuses every
  other URL, loudly (a notice missing its seal image must not print silently).

Print templates live in templates/print/ and extend print/base_print.html; their shared stylesheet is
templates/print/css/print.css. Callers pick the paper: A4 portrait by default, A3 and landscape on request.
"""
import functools
import io
import mimetypes
import subprocess
import threading
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.template.loader import get_template, render_to_string
from django.utils import translation

# The base URL of every print document. ".invalid" never resolves (RFC 2606); the fetcher below maps
# <PRINT_ORIGIN><STATIC_URL>… to files found by the staticfiles finders and never opens a connection.
PRINT_ORIGIN = "http://print.invalid/"
PAPER_SIZES = ("A4", "A3")
BASE_STYLESHEET = "print/css/print.css"
# The families the print stylesheet names; fonts_can_draw checks a text against each of them.
PRINT_FONT_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")

# Pango's font map behind the shared FontConfiguration is not documented as thread-safe, and layout is
# CPU-bound under the GIL anyway: serialising renders in a threaded server costs nothing and avoids the risk.
_render_lock = threading.Lock()


class PrintResourceRefused(ValueError):
    """A print template referred to something other than our own static files."""


class PrintFontMissing(ImproperlyConfigured):
    """The Chinese print font is not installed (Debian: apt install fonts-noto-cjk)."""


# --- rendering -------------------------------------------------------------------------------------------

def render_pdf(template_name, context, *, stylesheets=None, paper="A4", landscape=False):
    """Render a print template with `context` and return the PDF as bytes.

    stylesheets: extra stylesheet template names (e.g. "print/css/ballot.css") added after the base one,
    each parsed once per process (restart to see an edited stylesheet).
    paper: "A4" (default) or "A3"; landscape turns the page.
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {PAPER_SIZES}, not {paper!r}")
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    # Print documents are official Chinese documents whatever language the person's UI is in.
    with translation.override("zh-hans"):
        html = render_to_string(template_name, context)
    with _render_lock:
        sheets = [_stylesheet(BASE_STYLESHEET), _page_stylesheet(paper, landscape)]
        sheets += [_stylesheet(name) for name in stylesheets or ()]
        document = HTML(string=html, base_url=PRINT_ORIGIN, url_fetcher=static_files_fetcher())
        try:
            return document.write_pdf(stylesheets=sheets, font_config=_font_config(),
                                      counter_style=_counter_style())
        except FatalURLFetchingError as exc:
            # WeasyPrint's fatal error is a BaseException; callers (views, commands) handle plain errors.
            raise PrintResourceRefused(str(exc.__cause__ or exc)) from exc


def page_count(pdf):
    """Pages in a PDF given as bytes (for command output, benchmarks and tests)."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


@functools.cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def _counter_style():
    # The @counter-style rules of our stylesheets (一、二、…) live here, shared by parse and render.
    from weasyprint.css.counters import CounterStyle

    return CounterStyle()


@functools.cache
def _stylesheet(template_name):
    """A stylesheet kept next to the print templates, parsed once per process."""
    from weasyprint import CSS

    path = get_template(template_name).origin.name
    return CSS(filename=path, base_url=PRINT_ORIGIN, url_fetcher=static_files_fetcher(),
               font_config=_font_config(), counter_style=_counter_style())


@functools.cache
def _page_stylesheet(paper, landscape):
    from weasyprint import CSS

    orientation = "landscape" if landscape else "portrait"
    css = f"@page {{ size: {paper} {orientation}; }}"
    if paper == "A3":
        # A3 is A4 scaled by √2: a notice posted on A3 is read from further away, so its text grows alike.
        css += " html { font-size: 20pt; }"
    return CSS(string=css, font_config=_font_config())


# --- fetching: our static files only ---------------------------------------------------------------------

@functools.cache
def _fetcher_class():
    """Built on first use: importing WeasyPrint takes about a second, which pages without PDFs don't pay."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Serves <PRINT_ORIGIN>/static/… from our static files, and data: URLs; refuses everything else.

        fail_on_errors makes a refusal stop the rendering instead of printing the document without it.
        """

        def __init__(self):
            super().__init__(allowed_protocols=("http", "data"), allow_redirects=False, fail_on_errors=True)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)  # inline data: urllib's data handler, no network
            path = static_file_for_url(url)
            if path is None:
                raise PrintResourceRefused(f"Print documents use the project's static files only, not {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    return StaticFilesFetcher


def static_files_fetcher():
    """A WeasyPrint URL fetcher limited to our own static files."""
    return _fetcher_class()()


def static_file_for_url(url):
    """The local file behind <PRINT_ORIGIN><STATIC_URL>name, or None for any other URL."""
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    ours = (parts.scheme, parts.netloc) == ("http", urlsplit(PRINT_ORIGIN).netloc)
    if not ours or not parts.path.startswith(prefix):
        return None
    name = unquote(parts.path[len(prefix):])
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:  # "../" tricks
        return None
    return Path(found) if found else None


# --- which characters the print font can draw ------------------------------------------------------------

# Spaces, line breaks and invisible format characters need no glyph.
_NO_GLYPH_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf"}


def fonts_can_draw(text):
    """The set of characters of `text` that a print font cannot draw; empty when all of it prints.

    A name with a rare character (生僻字) the font lacks prints as an empty box — on a ballot, a void
    election (PRINTING.md). Importers call this to warn. Raises PrintFontMissing when Noto CJK is absent.
    """
    chars = {c for c in text if unicodedata.category(c) not in _NO_GLYPH_CATEGORIES}
    missing = set()
    for family in PRINT_FONT_FAMILIES:
        missing |= {c for c in chars if ord(c) not in _codepoints(family)}
    return missing


@functools.cache
def _codepoints(family):
    from fontTools.ttLib import TTFont

    path, index = font_file(family)
    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap())


@functools.cache
def font_file(family):
    """(path, index in the collection) of the installed font fontconfig uses for `family`."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{family}\n%{file}\n%{index}", family],
                             capture_output=True, text=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise PrintFontMissing(f"Cannot ask fontconfig for {family!r}: {exc}") from exc
    families, path, index = (out.split("\n") + ["", "", ""])[:3]
    # fc-match always answers with *some* font: make sure it is the one asked for, not a fallback.
    if family not in [f.strip() for f in families.split(",")]:
        raise PrintFontMissing(f"The print font {family!r} is not installed (Debian: apt install "
                               f"fonts-noto-cjk); fontconfig offers {families!r} instead.")
    return path, int(index or 0)
