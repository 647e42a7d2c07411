"""Project hygiene: lint, and the package lists that must agree."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.notebooks import tomllib

ROOT = Path(__file__).resolve().parent.parent


def requirement_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[<>=!~; ]", line)[0].lower())
    return names


def test_requirements_name_the_design_cards_packages():
    assert requirement_names(ROOT / "requirements.txt") == {
        "torch", "torchviz", "graphviz", "matplotlib", "jupyter", "setuptools"}


def test_torch_is_a_range_from_2_2():
    assert "torch>=2.2" in (ROOT / "requirements.txt").read_text(encoding="utf-8")


def test_environment_yml_installs_the_same_list():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    dependencies = text.split("dependencies:", 1)[1]
    conda = re.findall(r"^  - ([a-z][\w-]*)", dependencies, re.M)
    assert conda == ["python", "pip", "graphviz", "pip"]  # conda: no Python libraries
    assert "- -r requirements.txt" in text
    assert "conda-forge" in text and "defaults\n" not in text.replace("nodefaults", "")


def test_python_range_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.10,<3.14"
    assert "python>=3.10,<3.14" in (ROOT / "environment.yml").read_text(encoding="utf-8")


def test_apt_txt_brings_graphviz_for_binder():
    assert "graphviz" in (ROOT / "apt.txt").read_text(encoding="utf-8").split()


def test_ruff_is_clean_on_helpers_tools_tests_and_notebooks():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed: `make` installs it from requirements-dev.txt")
    done = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_make_stops_at_once_without_dot(tmp_path):
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    (tmp_path / "make").symlink_to(make)  # a PATH with make and nothing else: no dot
    done = subprocess.run([str(tmp_path / "make"), "-C", str(ROOT), "build"],
                          env={"PATH": str(tmp_path)}, capture_output=True, text=True)
    assert done.returncode != 0
    for hint in ("apt-get install graphviz", "brew install graphviz",
                 "conda install -c conda-forge graphviz", "winget install graphviz"):
        assert hint in done.stdout
    assert "pip" not in done.stdout  # it stopped before installing anything
