#!/usr/bin/env python3
"""Set up .venv/ with inquiry and its development tools: `python3 scripts/setup.py`.

Works with the system python3 of Debian and Ubuntu, which refuses `pip install` outside a
virtual environment (PEP 668) and, on a fresh system, lacks `ensurepip` (the python3-venv
package): the `venv` module itself is in the standard library, so the environment is made
without pip and pip is installed into it from a pinned wheel whose SHA-256 is checked.
Run it again at any time; it reuses a working .venv/.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

# pip 26.3 (requires Python >= 3.10), as listed by https://pypi.org/simple/pip/
PIP_WHEEL = (
    "https://files.pythonhosted.org/packages/07/25/"
    "ee8c38ae72d66b844ce8eb9711ba905dba21ca1a8a0c960057c41cd23337/pip-26.3-py3-none-any.whl"
)
PIP_SHA256 = "f3b60b20ffaadd4415ed7957212a38ac63fa4c5fa375bd0f4a797777940fad13"
ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
TIMEOUT = 120  # seconds for the wheel download


def say(message: str) -> None:
    print(f"setup: {message}", flush=True)


def has_ensurepip() -> bool:
    # Asked of the interpreter itself: Debian and Ubuntu ship ensurepip in python3-venv, which a
    # fresh system does not have, and then `venv` fails half-way through.
    probe = [sys.executable, "-m", "ensurepip", "--version"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def has_pip() -> bool:
    if not PYTHON.exists():
        return False
    check = subprocess.run([PYTHON, "-m", "pip", "--version"], capture_output=True, check=False)
    return check.returncode == 0


def bootstrap_pip() -> None:
    """Install pip into a venv made without it: the wheel runs itself to install itself."""
    say("this python3 has no ensurepip (Debian/Ubuntu: python3-venv); fetching pip from PyPI")
    with urllib.request.urlopen(PIP_WHEEL, timeout=TIMEOUT) as response:
        wheel = response.read()
    if hashlib.sha256(wheel).hexdigest() != PIP_SHA256:
        sys.exit("setup: the pip wheel downloaded from PyPI does not match its pinned SHA-256")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / PIP_WHEEL.rsplit("/", 1)[1]
        path.write_bytes(wheel)
        subprocess.run(
            [PYTHON, f"{path}/pip", "install", "--quiet", "--no-index", str(path)], check=True
        )


def main() -> None:
    # Run by whatever python3 the system has, which may be older than the project supports.
    if sys.version_info < (3, 11):  # noqa: UP036
        sys.exit(f"setup: inquiry needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not has_pip():
        with_pip = has_ensurepip()
        say(f"creating {VENV.relative_to(ROOT)}/")
        venv.EnvBuilder(with_pip=with_pip, clear=True).create(VENV)
        if not with_pip:
            bootstrap_pip()
    say("installing inquiry (editable) with its development tools")
    subprocess.run(
        [PYTHON, "-m", "pip", "install", "--quiet", "--editable", f"{ROOT}[dev]"],
        check=True,
        env={**os.environ, "PIP_REQUIRE_VIRTUALENV": "1"},
    )
    compile_modules()
    say(f"ready: {VENV.relative_to(ROOT)}/bin/inquiry and {VENV.relative_to(ROOT)}/bin/python")


def compile_modules() -> None:
    """Write the package's bytecode once. An editable install leaves it to the first import,
    which writes none where PYTHONDONTWRITEBYTECODE is set (CI images, containers): then every
    process, and a build starts many, compiles every module it imports again (a cold build of
    the sample took 2.7-2.8 s of CPU so, 2.1-2.3 s with the bytecode written). Python checks
    each file's date against its source, so an edited module is compiled afresh, never stale.
    A checkout that cannot be written is no failure: inquiry runs as before."""
    done = subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(ROOT / "inquiry")],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        say("could not write inquiry's bytecode (it is compiled as it is imported instead)")


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as exc:
        sys.exit(f"setup: `{' '.join(map(str, exc.cmd))}` failed (exit {exc.returncode})")
    except OSError as exc:  # no network, a read-only checkout
        sys.exit(f"setup: {exc}")
