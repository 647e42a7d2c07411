"""Colab's half of the setup cell: the collection's files and the packages Colab lacks.

Colab has torch, matplotlib, graphviz and `dot`, but not this repository nor torchviz.
Nothing here runs outside Colab: the setup cell calls it only when `google.colab` is loaded.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

# Import name of each requirement worth checking; jupyter is Colab's own business.
IMPORT_NAMES = {"torch": "torch", "torchviz": "torchviz", "graphviz": "graphviz",
                "matplotlib": "matplotlib", "setuptools": "setuptools"}


def missing_packages(requirements: Path) -> list[str]:
    """Requirement lines of `requirements` whose package cannot be imported here."""
    missing = []
    for line in requirements.read_text(encoding="utf-8").splitlines():
        spec = line.split("#")[0].strip()
        name = spec.split(">")[0].split("=")[0].split("<")[0].strip()
        module = IMPORT_NAMES.get(name)
        if module and importlib.util.find_spec(module) is None:
            missing.append(spec)
    return missing


def bootstrap(repo_url: str, target: str | Path, branch: str = "main") -> Path:
    """Clone `repo_url` at `branch` into `target` (once), make it importable, and pip-install
    the requirements that are missing. Returns the folder. Safe to call again."""
    target = Path(target)
    if not (target / "helpers").is_dir():
        done = subprocess.run(["git", "clone", "--quiet", "--depth=1", "--branch", branch,
                               repo_url, str(target)], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"Could not fetch the collection from {repo_url} ({branch}): "
                               f"{done.stderr.strip()}")
    if str(target) not in sys.path:
        sys.path.insert(0, str(target))
    missing = missing_packages(target / "requirements.txt")
    if missing:
        print(f"Installing what this runtime lacks: {', '.join(missing)}")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *missing], check=True)
    return target
