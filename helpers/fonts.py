"""Fonts that have the glyphs of the notebook's language, for matplotlib and for Graphviz.

English needs nothing: graphs keep Helvetica and plots matplotlib's default. A language
whose language.json lists fonts (Chinese: Noto Sans CJK SC, ...) gets the first one this
machine has, in plots (ahead of matplotlib's default, so Latin text keeps its look) and in
graphs (Graphviz measures each box with the font it names, so the font must have the glyphs).
"""

from __future__ import annotations

from functools import cache

from helpers.i18n import ENGLISH, language, language_info, tr

LATIN_GRAPH_FONT = "Helvetica"

# How to get a CJK font, for the message shown when a machine has none.
INSTALL_HINTS = ("Debian/Ubuntu: sudo apt-get install fonts-noto-cjk",
                 "conda: conda install -c conda-forge font-ttf-noto-cjk",
                 "macOS and Windows have one already (PingFang SC, Microsoft YaHei)")


@cache
def installed_families() -> frozenset[str]:
    """The font families matplotlib finds on this machine (Graphviz reads the same ones
    through fontconfig)."""
    from matplotlib import font_manager  # imported late: setup() calls this only for CJK

    return frozenset(f.name for f in font_manager.fontManager.ttflist)


def font_for(lang: str) -> str | None:
    """The first of `lang`'s fonts this machine has; None when it needs none or has none."""
    wanted = language_info(lang).fonts
    return next((f for f in wanted if f in installed_families()), None)


def graph_font() -> str:
    """The font Graphviz draws and measures boxes with, for the language spoken now."""
    if not language_info(language()).fonts:
        return LATIN_GRAPH_FONT
    return font_for(language()) or LATIN_GRAPH_FONT


def missing_font_message(lang: str) -> str:
    """What to install when `lang` needs a font this machine lacks."""
    info = language_info(lang)
    return (tr("No font with {language} glyphs was found ({fonts}, ...): graphs and plots "
               "would show empty boxes. Install one, then restart the kernel:").format(
                language=info.name, fonts=", ".join(info.fonts[:3]))
            + "".join(f"\n  {line}" for line in INSTALL_HINTS))


def use_fonts(lang: str) -> str | None:
    """Make matplotlib draw `lang`'s glyphs; return the font chosen (None: none needed or
    none found, and then a message saying what to install is printed)."""
    if not language_info(lang).fonts:
        return None
    font = font_for(lang)
    if font is None:
        print(missing_font_message(lang))
        return None
    import matplotlib

    # Named families, not the generic "sans-serif": matplotlib falls back glyph by glyph
    # only along a list of families. Latin first (the look of the English plots).
    latin = next((f for f in matplotlib.rcParams["font.sans-serif"]
                  if f in installed_families()), "DejaVu Sans")
    matplotlib.rcParams["font.family"] = [latin, font]
    return font


def add_font_files(paths: list[str]) -> None:
    """Tell matplotlib about font files installed after it started (Colab's branch)."""
    from matplotlib import font_manager

    for path in paths:
        font_manager.fontManager.addfont(path)
    installed_families.cache_clear()


def small_text_style() -> str:
    """The CSS of a card's small print: smaller than the text around it, but never below
    the smallest text the language spoken now can be read at (Chinese: 12 px)."""
    return f"font-size:max(0.85em, {language_info(language()).min_text_px}px)"


@cache
def glyph_box(family: str) -> float | None:
    """How tall a line of `family`'s text is, in em (ascent plus descent): the box a browser
    measures around a text. None when matplotlib cannot find the font."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    try:
        path = font_manager.findfont(font_manager.FontProperties(family=family),
                                     fallback_to_default=False)
    except ValueError:
        return None
    font = FT2Font(path)
    return (font.ascender - font.descender) / font.units_per_EM


def text_scale() -> float:
    """How much larger than in English a graph must be drawn in the language spoken, so that
    its text's box is at least `min_text_px` tall where English's is 10 px: the ratio of the
    two, less what the language's taller glyph box already gives (Noto Sans CJK's is 1.45 em
    against DejaVu Sans's 1.16: Chinese at English's scale measures 12.4 px). Never below 1."""
    info = language_info(language())
    if not info.fonts:
        return 1.0
    ratio = info.min_text_px / ENGLISH.min_text_px
    latin = glyph_box(LATIN_GRAPH_FONT) or glyph_box("DejaVu Sans")  # fontconfig's Helvetica
    own = glyph_box(graph_font())
    if latin and own:
        ratio *= latin / own
    return max(1.0, ratio)
