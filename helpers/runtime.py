"""Start-of-notebook chores: a fixed seed, the device to run on, and what is running."""

from __future__ import annotations

import platform
import random

import torch

from helpers import colab, fonts
from helpers.i18n import check_language, language_info, set_language, tr


def pick_device() -> torch.device:
    """CUDA when there is a GPU, the CPU otherwise."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def setup(seed: int = 0, lang: str = "en") -> torch.device:
    """Install what Colab lacks (in Colab only), speak the notebook's language `lang` ("en",
    "zh", ...: helpers.i18n), seed every random generator the notebooks use, print the
    versions, and return the device."""
    if not isinstance(seed, int):
        raise TypeError(f"setup(seed=...) wants an int, got {type(seed).__name__}")
    check_language(lang)
    if colab.in_colab():
        colab.install_missing()
    set_language(lang)
    needs = language_info(lang)
    if colab.in_colab() and needs.apt_fonts and fonts.font_for(lang) is None:
        colab.install_fonts(needs.apt_fonts)  # Colab has no CJK font; this one is Debian's
    fonts.use_fonts(lang)
    random.seed(seed)
    torch.manual_seed(seed)  # seeds CUDA too, when there is one
    device = pick_device()
    print(tr("torch {torch} · Python {python} · device: {device}").format(
        torch=torch.__version__, python=platform.python_version(), device=device))
    return device
