"""The wheel is the product: it holds calc, gui, pricing_data and the example plan, no test
generator or data-building tool, and once installed in a fresh venv (away from the source tree)
the Plan checks page opens with the example plan checked.

The fresh venv sees the dev venv's third-party packages through a ``.pth`` line (PySide6,
pandas ... are not installed again); a ``.pth`` line only adds a directory to ``sys.path``, so
the dev venv's editable install of the source tree (its own ``.pth`` hook) stays inactive, and
the script asserts that ``calc`` and ``gui`` come from the installed wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# what a source checkout holds that the build may see; tools/ and tests/ are copied too, so
# the test fails if the package configuration ever picks them up
SOURCES = ("pyproject.toml", "README.md", "calc", "gui", "pricing_data", "tools", "tests")
NOT_SHIPPED = ("tools/", "tests/", "offers_synth", "build_snapshot")
EXAMPLE_PLAN = "calc/checks/data/example_plan.json"

SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path

    import calc
    import gui

    prefix = Path(sys.prefix).resolve()
    for module in (calc, gui):
        where = Path(module.__file__).resolve()
        assert where.is_relative_to(prefix), f"{module.__name__} from {where}, not the wheel"

    from calc.checks import api
    from calc.pricing import Catalog, bundled_root
    from gui.app import application, page_specs

    application()
    spec = {s.key: s for s in page_specs()}["checks"]
    page = spec.factory(Catalog(bundled_root(), label="bundled"))
    shown = page.results_frame()
    expected = api.run_checks(api.example_plan(), catalog=page.catalog).table
    assert len(shown) > 0 and shown.equals(expected), shown
    assert all(box.isChecked() for box, _form in page.sections.values())
    print(f"rows={len(shown)} fail={int((shown.status == 'fail').sum())}")
""")


def _copy_sources(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", "*.egg-info",
                                    "build", "dist")
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=ignore)
        else:
            shutil.copy2(src, target / name)


def _build_wheel(work: Path) -> Path:
    # build from a copy: an in-tree build leaves build/lib behind, whose stale files (a module
    # deleted since) would end up in the next wheel
    src = work / "src"
    src.mkdir()
    _copy_sources(src)
    out = work / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(out)], cwd=src, check=True, capture_output=True, text=True)
    (built,) = out.glob("costsizer-*.whl")
    return built


def _assert_contents(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        example = z.read(EXAMPLE_PLAN)
    assert example == (ROOT / EXAMPLE_PLAN).read_bytes()
    assert {n.split("/")[0] for n in names if not n.startswith("costsizer-")} == {
        "calc", "gui", "pricing_data"}
    assert [n for n in names if any(bad in n for bad in NOT_SHIPPED)] == []
    assert "pricing_data/manifest.json" in names and "calc/checks/sections/ec2.py" in names


def _fresh_venv_with_the_wheel(env_dir: Path, wheel: Path) -> Path:
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run([str(python), "-c",
                              "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    dev_site = sysconfig.get_paths()["purelib"]  # the dev venv's third-party packages
    (Path(purelib) / "costsizer-dev-deps.pth").write_text(dev_site + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--no-deps", "--no-index", "--disable-pip-version-check", "--quiet",
                    str(wheel)], check=True, capture_output=True, text=True)
    return python


def test_wheel_holds_the_example_plan_and_opens_the_plan_checks_page(tmp_path: Path) -> None:
    # one test, so that parallel workers never build the wheel twice
    wheel = _build_wheel(tmp_path)
    _assert_contents(wheel)
    python = _fresh_venv_with_the_wheel(tmp_path / "venv", wheel)
    run_dir = tmp_path / "elsewhere"  # not the source tree: `import calc` cannot find it here
    run_dir.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path), COSTSIZER_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([str(python), "-c", SCRIPT], cwd=run_dir, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = dict(kv.split("=") for kv in done.stdout.split())
    assert int(rows["rows"]) > 0 and int(rows["fail"]) > 0
