"""The built wheel works from a clean virtual environment: scenarios ship as package data."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_runs_a_packaged_scenario_and_the_demo_from_a_clean_environment(tmp_path):
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH")
    dist = tmp_path / "dist"
    subprocess.run([uv, "build", "--wheel", "--out-dir", str(dist)], cwd=ROOT, check=True)
    wheel = next(dist.glob("vsvsim-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([uv, "pip", "install", "--python", str(python), str(wheel)], check=True)
    # Run from an empty folder, so nothing of the source tree can be found by accident.
    work = tmp_path / "work"
    work.mkdir()
    code = (
        "import vsvsim, vsvsim.scenario as sc; "
        "assert 'site-packages' in str(sc.SCENARIO_DIR), sc.SCENARIO_DIR; "
        "r = vsvsim.run('baseline', students=200); "
        "print(sorted(sc.available())); print(r.summary.loc[0, 'students_entered'])"
    )
    out = subprocess.run(
        [str(python), "-c", code], cwd=work, check=True, capture_output=True, text=True
    ).stdout
    assert "'baseline'" in out and "'curative'" in out and out.strip().endswith("200")
    demo = subprocess.run(
        [str(venv / "bin" / "vsvsim"), "demo", "--students", "200", "--out", "demo"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert demo.returncode == 0, demo.stderr
    assert (work / "demo").is_dir() and any((work / "demo").iterdir())
