"""The Colab branch of the setup cell, run without Colab against a local git repository,
and the badges that point Colab at each notebook."""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers import colab
from tools.notebooks import badge, colab_url, repository, setup_source

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture
def local_repo(tmp_path) -> Path:
    """A git repository shaped like ours: helpers/ and requirements.txt on branch main."""
    repo = tmp_path / "origin"
    (repo / "helpers").mkdir(parents=True)
    (repo / "helpers" / "__init__.py").write_text("MARK = 'cloned'\n")
    (repo / "requirements.txt").write_text("torch>=2.2\ntorchviz>=0.0.2  # a comment\njupyter\n")
    for args in (["init", "-q", "-b", "main"], ["add", "."],
                 ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    return repo


def test_bootstrap_clones_once_and_makes_helpers_importable(local_repo, tmp_path, monkeypatch):
    target = tmp_path / "content" / "collection"
    monkeypatch.setattr(sys, "path", list(sys.path))
    assert colab.bootstrap(f"file://{local_repo}", target, branch="main") == target
    assert (target / "helpers" / "__init__.py").read_text() == "MARK = 'cloned'\n"
    assert sys.path[0] == str(target)
    (target / "marker").write_text("kept")
    colab.bootstrap(f"file://{local_repo}", target, branch="main")  # a second run: no re-clone
    assert (target / "marker").exists() and sys.path.count(str(target)) == 1


def test_bootstrap_installs_only_what_is_missing(local_repo, tmp_path, monkeypatch):
    calls = []
    real_run = subprocess.run

    def fake_run(args, **kwargs):
        if args[:3] == [sys.executable, "-m", "pip"]:
            calls.append(args[4:])
            return subprocess.CompletedProcess(args, 0)
        return real_run(args, **kwargs)

    real_find = colab.importlib.util.find_spec
    monkeypatch.setattr(colab.subprocess, "run", fake_run)
    monkeypatch.setattr(colab.importlib.util, "find_spec",
                        lambda name: None if name == "torchviz" else real_find(name))
    monkeypatch.setattr(sys, "path", list(sys.path))
    colab.bootstrap(f"file://{local_repo}", tmp_path / "c", branch="main")
    assert calls == [["--quiet", "torchviz>=0.0.2"]]


def test_bootstrap_says_what_went_wrong_when_the_clone_fails(tmp_path):
    with pytest.raises(RuntimeError, match="Could not fetch the collection"):
        colab.bootstrap(f"file://{tmp_path}/nowhere", tmp_path / "c", branch="main")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_badge_points_at_this_notebook(path):
    nb = nbformat.read(path, as_version=4)
    links = re.findall(r"\(https://colab\.research\.google\.com/github/[^)]*\)", nb.cells[0].source)
    assert links == [f"({colab_url(path.stem)})"], "badge missing, stale or for another notebook"
    assert badge(path.stem) in nb.cells[0].source
    url, branch = repository()
    assert colab_url(path.stem).endswith(
        f"{url.removeprefix('https://github.com/')}/blob/{branch}/notebooks/{path.name}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_setup_cell_is_the_shared_one(path):
    assert nbformat.read(path, as_version=4).cells[1].source == setup_source()


def test_readme_links_every_notebook_to_colab():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert colab_url(path.stem) in readme, f"README lacks the Colab link of {path.stem}"


def test_every_repository_link_in_the_readme_is_the_one_in_pyproject():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    url, branch = repository()
    path = url.removeprefix("https://github.com/")
    found = re.findall(r"(?:colab\.research\.google\.com/github|mybinder\.org/v2/gh)/"
                       r"([\w.-]+/[\w.-]+)/(?:blob/)?([\w.-]+)", readme)
    assert found, "the README has no Colab or Binder links"
    assert set(found) == {(path, branch)}, f"stale repository links: {set(found)}"
