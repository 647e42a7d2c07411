"""The Colab branch of the setup cell, run without Colab against a local git repository,
and the badges that point Colab at each notebook."""

import re
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest

from helpers import colab, fonts, i18n
from helpers.runtime import setup
from tools.notebooks import badge, readme_path, setup_source
from tools.project import ROOT, colab_url, languages, notebook_paths, repository

NOTEBOOKS = notebook_paths()


@pytest.fixture
def local_repo(tmp_path) -> Path:
    """A git repository shaped like ours: helpers/ (whose setup() says it was called) and
    requirements.txt, on branch main."""
    repo = tmp_path / "origin"
    (repo / "helpers").mkdir(parents=True)
    (repo / "helpers" / "__init__.py").write_text("def setup(seed):\n    return 'cloned'\n")
    (repo / "requirements.txt").write_text("torch>=2.2\ntorchviz>=0.0.2  # a comment\njupyter\n")
    for args in (["init", "-q", "-b", "main"], ["add", "."],
                 ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    return repo


def run_setup_cell_in_fake_colab(url: str, target: Path, monkeypatch) -> dict:
    """Run the notebooks' setup cell as Colab would, cloning `url` into `target`."""
    source = setup_source().replace(repository()[0], url)
    source = source.replace("/content/backward-notebooks", str(target))
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(sys, "path", list(sys.path))
    for name in [m for m in sys.modules if m == "helpers" or m.startswith("helpers.")]:
        monkeypatch.delitem(sys.modules, name)  # so the cell imports the cloned helpers
    namespace: dict = {}
    exec(compile(source, "setup-cell", "exec"), namespace)
    return namespace


def test_setup_cell_clones_once_and_imports_the_clone(local_repo, tmp_path, monkeypatch):
    target = tmp_path / "content" / "collection"
    seen = run_setup_cell_in_fake_colab(f"file://{local_repo}", target, monkeypatch)
    assert seen["device"] == "cloned" and (target / "helpers").is_dir()
    (target / "marker").write_text("kept")
    again = run_setup_cell_in_fake_colab(f"file://{local_repo}", target, monkeypatch)
    assert again["device"] == "cloned" and (target / "marker").exists()  # no second clone


def test_setup_cell_stops_loudly_when_the_clone_fails(tmp_path, monkeypatch):
    with pytest.raises(subprocess.CalledProcessError):
        run_setup_cell_in_fake_colab(f"file://{tmp_path}/nowhere", tmp_path / "c", monkeypatch)
    assert not (tmp_path / "c").exists()


def test_setup_cell_is_short():
    assert len(setup_source().splitlines()) <= 8


def test_install_missing_installs_only_what_is_missing(local_repo, monkeypatch):
    calls = []

    def fake_run(args, **kwargs):
        calls.append(args[4:])
        return subprocess.CompletedProcess(args, 0, "", "")

    real_find = colab.importlib.util.find_spec
    monkeypatch.setattr(colab.subprocess, "run", fake_run)
    monkeypatch.setattr(colab.importlib.util, "find_spec",
                        lambda name: None if name == "torchviz" else real_find(name))
    assert colab.install_missing(local_repo / "requirements.txt") == ["torchviz>=0.0.2"]
    assert calls == [["--quiet", "torchviz>=0.0.2"]]


def test_a_failed_install_says_what_pip_said(local_repo, monkeypatch):
    monkeypatch.setattr(colab.subprocess, "run", lambda args, **kw: subprocess.CompletedProcess(
        args, 1, "", "ERROR: No matching distribution found for torchviz"))
    monkeypatch.setattr(colab.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(RuntimeError, match="No matching distribution"):
        colab.install_missing(local_repo / "requirements.txt")


EVERY = [(lang, p) for lang in languages() for p in notebook_paths(lang=lang)]
EVERY_IDS = [f"{lang}-{p.stem}" for lang, p in EVERY]


@pytest.mark.parametrize("lang, path", EVERY, ids=EVERY_IDS)
def test_badge_points_at_this_notebook(lang, path):
    nb = nbformat.read(path, as_version=4)
    links = re.findall(r"\(https://colab\.research\.google\.com/github/[^)]*\)", nb.cells[0].source)
    assert links == [f"({colab_url(path.stem, lang)})"], "badge missing, stale or another's"
    assert badge(path.stem, lang) in nb.cells[0].source
    url, branch = repository()
    assert colab_url(path.stem, lang).endswith(
        f"{url.removeprefix('https://github.com/')}/blob/{branch}/"
        f"{path.relative_to(ROOT).as_posix()}")


@pytest.mark.parametrize("lang, path", EVERY, ids=EVERY_IDS)
def test_setup_cell_is_the_shared_one(lang, path):
    assert nbformat.read(path, as_version=4).cells[1].source == setup_source(lang)


@pytest.mark.parametrize("lang", languages())
def test_readme_links_every_notebook_to_colab(lang):
    readme = readme_path(lang).read_text(encoding="utf-8")
    for path in notebook_paths(lang=lang):
        assert colab_url(path.stem, lang) in readme, \
            f"{readme_path(lang).name} lacks the Colab link of {path.stem}"


@pytest.mark.parametrize("lang", languages())
def test_every_repository_link_in_the_readme_is_the_one_in_pyproject(lang):
    readme = readme_path(lang).read_text(encoding="utf-8")
    url, branch = repository()
    path = url.removeprefix("https://github.com/")
    found = re.findall(r"(?:colab\.research\.google\.com/github|mybinder\.org/v2/gh)/"
                       r"([\w.-]+/[\w.-]+)/(?:blob/)?([\w.-]+)", readme)
    assert found, "the README has no Colab or Binder links"
    assert set(found) == {(path, branch)}, f"stale repository links: {set(found)}"


# --- Chinese in Colab, which has no CJK font ------------------------------------------------

@pytest.fixture
def chinese_then_english():
    """Leave the helpers speaking English and matplotlib's fonts as they were."""
    import matplotlib

    with matplotlib.rc_context():
        yield
    i18n.set_language("en")


def test_setup_in_chinese_on_colab_without_a_cjk_font_installs_one(monkeypatch,
                                                                    chinese_then_english):
    import matplotlib

    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(colab, "install_missing", lambda: [])
    installed: list[str] = []
    monkeypatch.setattr(fonts, "font_for",
                        lambda lang: "Noto Sans CJK SC" if installed else None)
    monkeypatch.setattr(colab, "install_fonts", lambda package: installed.append(package))
    setup(seed=0, lang="zh")
    assert installed == ["fonts-noto-cjk"]  # language.json's package, once
    assert "Noto Sans CJK SC" in matplotlib.rcParams["font.family"]
    setup(seed=0, lang="zh")  # the runtime has the font now: nothing more to install
    assert installed == ["fonts-noto-cjk"]


def test_install_fonts_runs_apt_and_tells_matplotlib_of_the_new_files(monkeypatch):
    from matplotlib import font_manager

    runs = []
    monkeypatch.setattr(colab.subprocess, "run", lambda args, **kw: runs.append(args)
                        or subprocess.CompletedProcess(args, 0, "", ""))
    listings = iter([["/f/a.ttf"], ["/f/a.ttf", "/f/NotoSansCJK.ttc"]])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: next(listings))
    added: list[str] = []
    monkeypatch.setattr(fonts, "add_font_files", added.extend)
    assert colab.install_fonts("fonts-noto-cjk") == ["/f/NotoSansCJK.ttc"]
    assert runs == [["apt-get", "install", "-y", "-qq", "fonts-noto-cjk"]]
    assert added == ["/f/NotoSansCJK.ttc"]


def test_a_failed_font_install_says_what_apt_said(monkeypatch):
    from matplotlib import font_manager

    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [])
    monkeypatch.setattr(colab.subprocess, "run", lambda args, **kw: subprocess.CompletedProcess(
        args, 100, "", "E: Unable to locate package fonts-noto-cjk"))
    with pytest.raises(RuntimeError, match="Unable to locate package"):
        colab.install_fonts("fonts-noto-cjk")


def test_outside_colab_a_missing_font_is_named_with_what_to_install(monkeypatch, capsys,
                                                                     chinese_then_english):
    monkeypatch.setattr(fonts, "font_for", lambda lang: None)
    setup(seed=0, lang="zh")
    out = capsys.readouterr().out
    assert "fonts-noto-cjk" in out and "重启内核" in out


def test_chinese_plots_draw_every_glyph(chinese_then_english):
    """With the font setup() picks, matplotlib draws Chinese with no "Glyph missing"."""
    import warnings

    import matplotlib.pyplot as plt

    setup(seed=0, lang="zh")
    fig, ax = plt.subplots()
    ax.set_title("叶节点与中间节点的梯度")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" is a UserWarning
        fig.canvas.draw()
    plt.close(fig)
