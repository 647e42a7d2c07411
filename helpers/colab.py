"""Colab's half of the setup: the packages Colab lacks.

The setup cell clones this repository into Colab (it has to: these helpers are not there
yet), then calls `helpers.setup()`, which calls `install_missing()` here when it runs in
Colab. Colab has torch, matplotlib, graphviz and `dot`, but not torchviz.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from helpers.i18n import tr

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements.txt"

# Import name of each requirement worth checking; jupyter is Colab's own business.
IMPORT_NAMES = {"torch": "torch", "torchviz": "torchviz", "graphviz": "graphviz",
                "matplotlib": "matplotlib", "setuptools": "setuptools"}


def in_colab() -> bool:
    """True inside a Colab runtime."""
    return "google.colab" in sys.modules


def missing_packages(requirements: Path = REQUIREMENTS) -> list[str]:
    """Requirement lines of `requirements` whose package cannot be imported here."""
    missing = []
    for line in requirements.read_text(encoding="utf-8").splitlines():
        spec = line.split("#")[0].strip()
        name = spec.split(">")[0].split("=")[0].split("<")[0].strip()
        module = IMPORT_NAMES.get(name)
        if module and importlib.util.find_spec(module) is None:
            missing.append(spec)
    return missing


def install_missing(requirements: Path = REQUIREMENTS) -> list[str]:
    """pip-install the requirements this runtime lacks; return them. Raises RuntimeError with
    pip's own message when the install fails."""
    missing = missing_packages(requirements)
    if missing:
        print(tr("Installing what this runtime lacks: {packages}").format(
            packages=", ".join(missing)))
        done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *missing],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"Could not install {', '.join(missing)}:\n{done.stderr.strip()}")
    return missing


def install_fonts(apt_package: str) -> list[str]:
    """apt-get install `apt_package` (a language's fonts: Colab has no CJK font) and tell
    matplotlib about the font files it brought; return them. Raises RuntimeError with
    apt's own message when the install fails."""
    from matplotlib import font_manager

    from helpers.fonts import add_font_files

    before = set(font_manager.findSystemFonts())
    print(tr("Installing the fonts this language needs ({package}), once per runtime...")
          .format(package=apt_package))
    done = subprocess.run(["apt-get", "install", "-y", "-qq", apt_package],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"Could not install {apt_package}:\n{done.stderr.strip()}")
    added = sorted(set(font_manager.findSystemFonts()) - before)
    add_font_files(added)
    return added
