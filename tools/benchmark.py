"""How long the feedback loop takes, measured on a fresh clone (a benchmark, not a test).

    python -m tools.benchmark                        # this checkout's HEAD
    python -m tools.benchmark --rev b461a49          # another commit, for a before/after
    python -m tools.benchmark --torch torch==2.13.0  # put torch in .venv/ first, as CI does

It clones the repository into a temporary folder, then prints: the time of `make` and of
`make test` there, the ten slowest tests, the size of `.venv/` after each (what a learner's
`make` installs, then what the tests add), and how long every notebook takes to run on its
own in a fresh kernel, next to a notebook that only imports torch (the floor every notebook
pays). Nothing here is a test: the numbers depend on the machine and on what else it runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.project import ROOT

# Runs inside the clone's own .venv: each notebook alone, in a fresh kernel, timed.
TIME_NOTEBOOKS = r"""
import json, os, sys, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient

root = Path.cwd()
probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import torch")])
probe.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                "language": "python"}
env = dict(os.environ, PYTHONPATH=str(root), BACKWARD_LEDGER="", BACKWARD_ERRORS="")
times = {}
for path in [None, *sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))]:
    nb = probe if path is None else nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(root / "notebooks")}},
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    started = time.perf_counter()
    client.execute(env=env)
    times["import torch only" if path is None else path.stem] = time.perf_counter() - started
print(json.dumps(times))
"""


def run(command: list[str], cwd: Path, **env: str) -> tuple[float, str]:
    """Run `command` in `cwd`; its wall time in seconds and its output. Stops on failure."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env={**os.environ, **env}, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"`{' '.join(command)}` failed after {seconds:.0f} s:\n{done.stdout[-4000:]}")
    return seconds, done.stdout


def size_mb(folder: Path) -> float:
    """The disk size of `folder`, in MB (du, so hard links count once)."""
    return int(subprocess.check_output(["du", "-sk", str(folder)]).split()[0]) / 1024


def slowest_tests(pytest_output: str) -> list[str]:
    """The lines of pytest's "slowest durations" table."""
    table = pytest_output.split("slowest", 1)[-1].split("\n\n", 1)[0]
    return [line.strip() for line in table.splitlines()[1:] if re.match(r"\s*[\d.]+s ", line)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.benchmark", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rev", default="HEAD", help="the commit to measure (default: HEAD)")
    parser.add_argument("--torch", metavar="SPEC",
                        help="pip-install this torch into .venv/ before `make`, as .ci/run "
                             "does (e.g. torch==2.13.0); by default `make` chooses")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="backward-bench-") as tmp:
        clone = Path(tmp) / "clone"
        run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], ROOT)
        run(["git", "checkout", "--quiet", args.rev], clone)
        commit = run(["git", "rev-parse", "--short", "HEAD"], clone)[1].strip()
        print(f"Fresh clone of {commit} in {clone}; {os.cpu_count()} cores", flush=True)
        if args.torch:
            run([sys.executable, "-m", "venv", ".venv"], clone)
            seconds, _ = run([".venv/bin/python", "-m", "pip", "install", "--quiet",
                              args.torch], clone)
            print(f"{args.torch} put in .venv/ first: {seconds:.0f} s", flush=True)
        make, _ = run(["make"], clone)
        learner = size_mb(clone / ".venv")
        print(f"make:        {make:6.0f} s   .venv/ then {learner:,.0f} MB", flush=True)
        test, out = run(["make", "test"], clone, CI="true", PYTEST_ADDOPTS="--durations=10")
        print(f"make test:   {test:6.0f} s   .venv/ then {size_mb(clone / '.venv'):,.0f} MB")
        summary = [line for line in out.splitlines() if re.search(r"\d+ passed", line)]
        print(f"pytest:      {summary[-1].strip('= ') if summary else '?'}")
        print("Slowest ten tests:")
        for line in slowest_tests(out)[:10]:
            print(f"  {line}")
        _, times = run([".venv/bin/python", "-c", TIME_NOTEBOOKS], clone)
        seconds_by_name = json.loads(times.strip().splitlines()[-1])
        floor = seconds_by_name.pop("import torch only")
        print(f"Run-all time of each notebook, alone in a fresh kernel (a notebook that only "
              f"imports torch: {floor:.1f} s):")
        for name, seconds in seconds_by_name.items():
            print(f"  {name:34} {seconds:5.1f} s  ({seconds - floor:+5.1f} s over the floor)")
        every = f"all {len(seconds_by_name)}, one after another"
        print(f"  {every:34} {sum(seconds_by_name.values()):5.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
