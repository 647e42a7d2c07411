"""Where things are: the repository's folders, its notebooks, and its address on the web.

Every other tool imports these instead of working them out again, so each fact has one home:
the repository URL and branch live in pyproject.toml, the list of notebooks is the one glob
below, and the Colab, Binder and page links are all made here.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"

COLAB_BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"


SOURCE_LANGUAGE = "en"  # the notebooks in notebooks/ itself; each translation in a folder


def languages() -> list[str]:
    """English, then every language with a folder of notebooks (notebooks/zh/, ...)."""
    return [SOURCE_LANGUAGE, *sorted(p.name for p in NOTEBOOKS.iterdir()
                                     if p.is_dir() and any(p.glob("[0-9][0-9]_*.py")))]


def notebook_folder(lang: str = SOURCE_LANGUAGE) -> Path:
    """Where the notebooks in `lang` live: notebooks/ for English, notebooks/<lang>/ else."""
    return NOTEBOOKS if lang == SOURCE_LANGUAGE else NOTEBOOKS / lang


def site_folder(lang: str = SOURCE_LANGUAGE) -> Path:
    """Where the build writes the site in `lang`: build/ for English, build/<lang>/ else."""
    return BUILD if lang == SOURCE_LANGUAGE else BUILD / lang


def notebook_paths(*prefixes: str, suffix: str = ".ipynb",
                   lang: str = SOURCE_LANGUAGE) -> list[Path]:
    """The collection's notebooks in `lang` (``NN_name.ipynb``) in reading order; only those
    whose names start with one of ``prefixes`` when any are given. ``suffix=".py"``: their
    jupytext sources instead."""
    return sorted(p for p in notebook_folder(lang).glob(f"[0-9][0-9]_*{suffix}")
                  if not prefixes or p.stem.startswith(prefixes))


def repo_path(name: str, lang: str = SOURCE_LANGUAGE) -> str:
    """notebooks/<name>.ipynb, or notebooks/<lang>/<name>.ipynb: the path in the repository."""
    return notebook_folder(lang).relative_to(ROOT).as_posix() + f"/{name}.ipynb"


@cache
def jupytext_options() -> dict[str, str]:
    """jupytext's options for the notebook pairs, written once in jupytext.toml (Jupyter
    reads the same file): the formats, and the notebook and cell metadata kept."""
    return tomllib.loads((ROOT / "jupytext.toml").read_text(encoding="utf-8"))


@cache
def repository() -> tuple[str, str]:
    """The repository's URL and branch, written once in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return project["project"]["urls"]["Repository"], project["tool"]["backward"]["branch"]


def _github_path() -> tuple[str, str]:
    url, branch = repository()
    return url.removeprefix("https://github.com/"), branch


def colab_url(name: str, lang: str = SOURCE_LANGUAGE) -> str:
    """Where Colab opens the notebook `name` in `lang` of this repository."""
    path, branch = _github_path()
    return f"https://colab.research.google.com/github/{path}/blob/{branch}/{repo_path(name, lang)}"


def binder_url(name: str, lang: str = SOURCE_LANGUAGE) -> str:
    """Where Binder opens the notebook `name` in `lang` of this repository in JupyterLab."""
    path, branch = _github_path()
    return (f"https://mybinder.org/v2/gh/{path}/{branch}?labpath="
            + repo_path(name, lang).replace("/", "%2F"))


def pages_url() -> str:
    """Where GitHub Pages publishes build/ (the workflow in .github/workflows/pages.yml)."""
    owner, name = _github_path()[0].split("/")
    return f"https://{owner}.github.io/{name}/"
