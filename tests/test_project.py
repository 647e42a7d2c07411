"""Project hygiene: lint, and the package lists that must agree."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.project import ROOT, tomllib


def requirement_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[<>=!~; ]", line)[0].lower())
    return names


def test_requirements_name_the_design_cards_packages():
    assert requirement_names(ROOT / "requirements.txt") == {
        "torch", "torchviz", "graphviz", "matplotlib", "jupyter", "setuptools",
        "tomli",  # the build reads pyproject.toml; Python 3.10 has no tomllib
        "segno"}  # the build draws each deck's QR code of its Colab link


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


def test_mypy_is_clean_on_helpers_and_tools():
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent)) or shutil.which("mypy")
    if mypy is None:
        pytest.fail("mypy is not installed: `make` installs it from requirements-dev.txt")
    done = subprocess.run([mypy], cwd=ROOT, capture_output=True, text=True)  # pyproject's files
    assert done.returncode == 0, done.stdout + done.stderr
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(BIN)/mypy helpers tools" in makefile  # what `make lint` runs


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


# --- one home for each fact: the Makefile and README repeat the Graphviz commands ------------

def test_make_and_readme_give_the_same_graphviz_commands_as_the_helpers():
    from helpers.graph import INSTALL_DOT, install_dot_lines

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in install_dot_lines():
        assert f'echo "  {line}"' in makefile, f"the Makefile's hint differs from: {line}"
    for _, command in INSTALL_DOT.values():
        assert command.split("   ")[0] in readme, f"the README lacks `{command}`"


# --- which torch `make` installs ----------------------------------------------------------

def test_install_torch_reads_the_one_torch_requirement():
    from tools import install_torch

    assert install_torch.torch_requirement() == "torch>=2.2"


def test_install_torch_chooses_cpu_on_linux_without_a_gpu(monkeypatch):
    from tools import install_torch

    monkeypatch.setattr(install_torch.sys, "platform", "linux")
    monkeypatch.setattr(install_torch.shutil, "which", lambda name: None)
    assert install_torch.choose("auto") == "cpu"
    monkeypatch.setattr(install_torch.shutil, "which", lambda name: "/usr/bin/nvidia-smi")
    assert install_torch.choose("auto") == "default"
    assert install_torch.choose("cpu") == "cpu" and install_torch.choose("cuda") == "default"
    monkeypatch.setattr(install_torch.sys, "platform", "darwin")
    assert install_torch.choose("auto") == "default"


def test_install_torch_falls_back_to_the_ordinary_index(monkeypatch, capsys):
    from tools import install_torch

    tried = []
    monkeypatch.setattr(install_torch, "installed_satisfies", lambda requirement: False)
    monkeypatch.setattr(install_torch, "choose", lambda mode: "cpu")
    monkeypatch.setattr(install_torch, "pip_install",
                        lambda req, *extra: tried.append(extra) or not extra)
    assert install_torch.main([]) == 0
    assert tried[0][:2] == ("--index-url", install_torch.CPU_INDEX) and tried[1] == ()
    assert "Could not reach PyTorch's CPU index" in capsys.readouterr().out


def test_install_torch_keeps_a_torch_that_fits(monkeypatch):
    from tools import install_torch

    monkeypatch.setattr(install_torch.metadata, "version", lambda name: "2.13.0+cpu")
    assert install_torch.installed_satisfies("torch>=2.2")
    monkeypatch.setattr(install_torch.metadata, "version", lambda name: "2.1.2")
    assert not install_torch.installed_satisfies("torch>=2.2")


# --- habits: pre-commit and the GitHub workflows call the README's commands ----------------

def _yaml(path: Path) -> dict:
    yaml = pytest.importorskip("yaml")  # PyYAML comes with jupyter
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _commands(workflow: dict) -> list[str]:
    return [step.get("run", "") for job in workflow["jobs"].values()
            for step in job.get("steps", [])]


def test_the_readme_commands_are_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make        #" in readme and "make test   #" in readme
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci_run[-1] == "make test"
    ci = _yaml(ROOT / ".github" / "workflows" / "ci.yml")
    assert any("bash .ci/run" in c for c in _commands(ci))


def test_the_version_matrix_builds_oldest_and_newest_and_keeps_the_verdicts():
    ci = _yaml(ROOT / ".github" / "workflows" / "ci.yml")
    job = ci["jobs"]["versions"]
    pairs = {(m["python"], m["torch"]) for m in job["strategy"]["matrix"]["include"]}
    assert ("3.10", "torch==2.2.2") in pairs and ("3.13", "torch") in pairs
    # torch comes the project's own way (tools/install_torch.py, through make), not by hand
    runs = [s.get("run") or "" for s in job["steps"]]
    assert 'make TORCH=cpu TORCH_SPEC="${{ matrix.torch }}"' in runs
    assert not any("pip install" in r for r in runs), "no hand-pinned install beside make"
    upload = next(s for s in job["steps"] if "upload-artifact" in s.get("uses", ""))
    assert "build/claims.json" in upload["with"]["path"]


def test_pages_publishes_what_make_builds():
    pages = _yaml(ROOT / ".github" / "workflows" / "pages.yml")
    assert "make" in _commands(pages)
    assert "make handouts" in _commands(pages), "the pages link every deck's handout"
    upload = next(s for j in pages["jobs"].values() for s in j["steps"]
                  if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "build"
    from tools.project import pages_url
    assert pages_url() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_pre_commit_runs_ruff_and_the_notebook_pair_check():
    config = _yaml(ROOT / ".pre-commit-config.yaml")
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert {"ruff", "ruff-format", "check-toml", "check-yaml", "notebook-pairs"} <= set(hooks)
    assert hooks["notebook-pairs"]["entry"] == "python -m tools.notebooks check"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-m tools.notebooks sync" in makefile  # what `check` tells a contributor to run


def test_install_torch_holds_numpy_below_2_beside_a_torch_older_than_2_3(monkeypatch, capsys):
    from tools import install_torch

    assert install_torch.numpy_requirement("2.2.2+cpu") == "numpy<2"
    assert install_torch.numpy_requirement("2.3.0") is None
    assert install_torch.numpy_requirement("2.13.0+cpu") is None
    installed = []
    monkeypatch.setattr(install_torch, "choose", lambda mode: "cpu")
    monkeypatch.setattr(install_torch, "pip_install",
                        lambda req, *extra: installed.append(req) or True)
    monkeypatch.setattr(install_torch.metadata, "version", lambda name: "2.2.2+cpu")
    assert install_torch.main(["cpu", "torch==2.2.2"]) == 0
    assert installed == ["torch==2.2.2", "numpy<2"]
    assert "built against NumPy 1" in capsys.readouterr().out
    assert install_torch.installed_satisfies("torch==2.2.2")
    assert not install_torch.installed_satisfies("torch==2.13.0")
