"""The fresh learner's path: a new virtual environment with nothing but requirements.txt,
then one notebook executed there, as someone who just cloned the repository would."""

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools.project import ROOT


def link_torch_into(venv_python: Path) -> None:
    """Make the torch we already have visible in the new environment, by symlinks.

    A fresh `pip install torch` could download gigabytes (a CUDA build); linking the files
    of the installed distribution (its package folders and its .dist-info, so pip sees it
    as installed) costs nothing. Everything else comes from requirements.txt alone.
    """
    dist = importlib.metadata.distribution("torch")
    here = Path(dist.locate_file(""))
    there = Path(subprocess.check_output(
        [venv_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    for top in sorted({f.parts[0] for f in dist.files or [] if not f.parts[0].startswith("..")}):
        (there / top).symlink_to(here / top)


@pytest.mark.notebook
def test_requirements_alone_run_a_notebook(tmp_path):
    venv = tmp_path / "learner"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    python = venv / "bin" / "python"
    link_torch_into(python)
    # --no-compile: no .pyc for the hundreds of modules the notebook never imports (time only)
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--no-compile",
                    "-r", ROOT / "requirements.txt"], check=True)
    # No PYTHONPATH, no project install: the setup cell alone must find helpers/.
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "BACKWARD_LEDGER", "JUPYTER_PATH")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    notebook = ROOT / "notebooks" / "04_leaf_and_intermediate_grads.ipynb"
    done = subprocess.run(
        [venv / "bin" / "jupyter", "nbconvert", "--to", "notebook", "--execute",
         "--output-dir", tmp_path, notebook],
        env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    executed = nbformat.read(tmp_path / notebook.name, as_version=4)
    code = [c for c in executed.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    printed = "".join(o.get("text", "") for c in code for o in c.outputs)
    assert f"torch {importlib.metadata.version('torch')}" in printed  # the setup cell ran
    kernel_python = subprocess.run(
        [venv / "bin" / "jupyter", "kernelspec", "list"], env=env, capture_output=True,
        text=True).stdout
    assert str(venv) in kernel_python, "the notebook must run on the fresh environment's kernel"
