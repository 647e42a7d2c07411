"""Put a PyTorch into the environment before the other requirements, choosing the build.

    python tools/install_torch.py [auto|cpu|cuda|default] [REQUIREMENT]
    # `make` runs it with TORCH=auto; `make TORCH=cpu TORCH_SPEC=torch==2.2.2` picks a version

A plain `pip install torch` on Linux takes the CUDA build (about 6 GB), even on a laptop
without an NVIDIA GPU. So, with `auto` (the default):
- a torch that already satisfies requirements.txt is kept (CI puts the CPU wheel in place);
- on Linux without `nvidia-smi`, the CPU build from PyTorch's CPU index; if that index cannot
  be reached, the ordinary index (a clear note says so);
- anywhere else (macOS, Windows, Linux with a GPU), the ordinary index.
`cpu` forces PyTorch's CPU index, `cuda` and `default` the ordinary index. REQUIREMENT
(default: the torch line of requirements.txt) asks for another version, e.g. the oldest one
supported.

torch older than 2.3 was built against NumPy 1: beside NumPy 2 it warns on import and
`Tensor.numpy()` fails. With such a torch, NumPy is held below 2 here, before the other
requirements (matplotlib) would bring NumPy 2.
Only the standard library is used: this runs before anything else is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements.txt"


def torch_requirement() -> str:
    """The torch line of requirements.txt, e.g. "torch>=2.2" (its one home)."""
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        spec = line.split("#")[0].strip()
        if re.match(r"torch\b(?!vision|viz|audio)", spec):
            return spec
    raise SystemExit(f"{REQUIREMENTS} names no torch requirement")


def installed_satisfies(requirement: str) -> bool:
    """True when the torch already installed meets `requirement` (only >= is used here)."""
    try:
        have = metadata.version("torch")
    except metadata.PackageNotFoundError:
        return False
    wanted = re.search(r">=\s*([\d.]+)", requirement)
    if "==" in requirement:  # an exact version asked for: only that one will do
        return numbers(have) == numbers(requirement.split("==")[1])
    return wanted is None or numbers(have) >= numbers(wanted.group(1))


def numbers(version: str) -> tuple[int, ...]:
    """(2, 2, 2) for "2.2.2+cpu": the release numbers of a version string."""
    return tuple(int(p) for p in re.findall(r"\d+", version.split("+")[0])[:3])


def numpy_requirement(torch_version: str) -> str | None:
    """"numpy<2" for a torch built against NumPy 1 (older than 2.3), else None."""
    return "numpy<2" if numbers(torch_version) < (2, 3) else None


def keep_numpy_compatible() -> int:
    """Hold NumPy below 2 when the installed torch needs it; 0 on success."""
    need = numpy_requirement(metadata.version("torch"))
    if need is None:
        return 0
    print(f"torch {metadata.version('torch')} was built against NumPy 1: installing {need!r} "
          "(with NumPy 2 it warns on import and Tensor.numpy() fails).")
    return 0 if pip_install(need) else 1


def choose(mode: str) -> str:
    """'cpu' or 'default': which index to install torch from."""
    if mode in ("cpu", "default"):
        return mode
    if mode == "cuda":
        return "default"
    if sys.platform.startswith("linux") and shutil.which("nvidia-smi") is None:
        return "cpu"
    return "default"


def pip_install(requirement: str, *extra: str) -> bool:
    command = [sys.executable, "-m", "pip", "install", "--quiet", requirement, *extra]
    print("$", " ".join(command), flush=True)
    return subprocess.run(command).returncode == 0


def main(argv: list[str]) -> int:
    mode = argv[0] if argv else "auto"
    if mode not in ("auto", "cpu", "cuda", "default"):
        print(f"TORCH={mode!r}: use auto, cpu, cuda or default", file=sys.stderr)
        return 2
    requirement = argv[1] if len(argv) > 1 and argv[1] else torch_requirement()
    if mode == "auto" and installed_satisfies(requirement):
        print(f"torch {metadata.version('torch')} is already installed; keeping it.")
        return keep_numpy_compatible()
    if choose(mode) == "cpu":
        print("No NVIDIA GPU here (no nvidia-smi): installing the CPU build of PyTorch "
              "(about 10x smaller). Override with `make TORCH=cuda`.")
        if pip_install(requirement, "--index-url", CPU_INDEX, "--timeout", "20",
                       "--retries", "1"):
            return keep_numpy_compatible()
        print(f"Could not reach PyTorch's CPU index ({CPU_INDEX}); installing torch from the "
              "ordinary index instead (on Linux that is the larger CUDA build).")
    if not pip_install(requirement):
        return 1
    return keep_numpy_compatible()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
