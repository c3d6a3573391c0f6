"""Snapshots with integrity (issue 15, items 2 and 7): every table's sha256 is checked, non-finite
and negative prices are refused, and a damaged refreshed snapshot is passed over with one
stderr line naming it and the reason, the prices then coming from the newest valid snapshot.

The damage is done to a copy of the bundled snapshot written as a refreshed one. The bill is
the one of the issue: 10 M invocations of 200 ms at 512 MB in us-east-1, free tier deducted,
at the AWS Lambda pricing page's x86 prices (https://aws.amazon.com/lambda/pricing/: USD 0.20
per 1 M requests, USD 0.0000166667 per GB-second, 1 M requests and 400,000 GB-s free a month):
9 M requests x 0.0000002 = 1.80 plus 600,000 GB-s x 0.0000166667 = 10.00, total 11.80 USD.
Editing the request price in place from 0.0000002 to 0.0001102 (same size) would make it
9 M x 0.0001102 + 10.00 = 1,001.80 USD.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from calc.cli import main
from calc.pricing import catalog as catalog_module
from calc.pricing.catalog import Catalog, check_manifest, gunzip_capped
from calc.pricing.errors import SnapshotError
from calc.pricing.schema import SCHEMAS, schema_fingerprint
from calc.pricing.snapshots import (
    VERIFIED_CACHE,
    active_catalog,
    active_fallback_reason,
    bundled_root,
    check_refreshed,
    clear_active,
    load_active,
    set_active_catalog,
)

BILL = ["lambda", "cost", "--memory-mb", "512", "--duration-ms", "200",
        "--invocations-per-month", "10000000"]
STAMP = "20261120T101500Z"
ROOT = Path(__file__).resolve().parents[2]
US_EAST_1_REQUEST = b"us-east-1,0.0000002,"  # the x86 request price of the us-east-1 row


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    d = tmp_path / "data"
    monkeypatch.setenv("COSTSIZER_DATA_DIR", str(d))  # never the user's own data dir
    clear_active()
    yield d
    clear_active()


def write_refreshed(data_dir: Path, stamp: str = STAMP) -> Path:
    """A copy of the bundled snapshot with the manifest a refresh writes (write.py)."""
    folder = data_dir / "snapshots" / stamp
    shutil.copytree(Path(str(bundled_root())), folder,
                    ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest.update({
        "snapshot": "refreshed", "label": f"refreshed {stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}",
        "refreshed_at": "2026-11-20T10:15:00+00:00", "refreshed_from": "http://127.0.0.1:1",
        "base_snapshot": "bundled", "services": ["lambda"], "regions": ["us-east-1"],
        "schema_fingerprint": schema_fingerprint(),
        "files": {s.file: (folder / s.file).stat().st_size for s in SCHEMAS.values()}})
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n",
                                          encoding="utf-8")
    return folder


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, list[str]]:
    clear_active()  # each call is a fresh start, as a new process would be
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


def edit_in_place(path: Path, old: bytes, new: bytes) -> None:
    assert len(old) == len(new)
    data = path.read_bytes()
    assert data.count(old) == 1
    path.write_bytes(data.replace(old, new))


def _price_edit(folder: Path) -> None:
    edit_in_place(folder / "lambda_prices.csv", US_EAST_1_REQUEST, b"us-east-1,0.0001102,")


def _negative(folder: Path) -> None:
    edit_in_place(folder / "lambda_prices.csv", US_EAST_1_REQUEST, b"us-east-1,-0.000002,")


def _renamed_column(folder: Path) -> None:
    edit_in_place(folder / "lambda_prices.csv", b"region_code,x86_usd_per_request,",
                  b"region_code,x86_usd_per_reqxest,")


def _bit_flip(folder: Path) -> None:
    path = folder / "lambda_prices.csv"
    data = bytearray(path.read_bytes())
    at = data.index(US_EAST_1_REQUEST) + len(b"us-east-1,0.000000")
    data[at] ^= 0x01  # "2" -> "3": still a number, still positive
    path.write_bytes(bytes(data))


def _duplicate_row(folder: Path) -> None:  # eu-west-2's row now says eu-west-1 (same length)
    path = folder / "lambda_prices.csv"
    data = path.read_bytes()
    assert data.count(b"\neu-west-2,") == 1
    path.write_bytes(data.replace(b"\neu-west-2,", b"\neu-west-1,"))


def _gzip_bit_flip(folder: Path) -> None:  # a compressed table: its text or its CRC breaks
    path = folder / "ec2_on_demand.csv.gz"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "price edited in place": _price_edit, "negative value": _negative,
    "renamed column": _renamed_column, "bit flip": _bit_flip,
    "duplicate row": _duplicate_row, "bit flip in a gzip table": _gzip_bit_flip}


def test_an_intact_refreshed_snapshot_is_used(data_dir: Path, capsys) -> None:
    write_refreshed(data_dir)
    code, out, err = run(BILL, capsys)
    assert (code, err) == (0, [])
    assert "total 11.80 USD per month" in out
    assert active_catalog().label == "refreshed 2026-11-20"


def test_the_edited_price_is_what_would_change_the_bill(data_dir: Path, capsys) -> None:
    # The damage matters: with the manifest's digest rewritten to the edited file's (as if
    # the refresh had written it so), the bill is the 1,001.80 USD.
    folder = write_refreshed(data_dir)
    _price_edit(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["lambda_prices"]["sha256"] = hashlib.sha256(
        (folder / "lambda_prices.csv").read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    code, out, err = run(BILL, capsys)
    assert (code, err) == (0, [])
    assert "total 1,001.80 USD per month" in out


@pytest.mark.parametrize("kind", DAMAGE)
def test_same_size_damage_falls_back_to_the_bundled_prices(kind: str, data_dir: Path,
                                                           capsys) -> None:
    # rule: issue 15 item 2: never a wrong price; damage is said once on stderr, exit 0
    folder = write_refreshed(data_dir)
    sizes = {p.name: p.stat().st_size for p in folder.iterdir()}
    DAMAGE[kind](folder)
    assert {p.name: p.stat().st_size for p in folder.iterdir()} == sizes
    code, out, err = run(BILL, capsys)
    assert code == 0
    assert "total 11.80 USD per month" in out
    assert len(err) == 1, err
    assert err[0].startswith(f"costsizer-cli: note: refreshed snapshot {folder} not used: ")
    assert err[0].endswith("; using the bundled snapshot")
    assert "sha256" in err[0] or "cannot be read" in err[0]
    assert active_catalog().label == "bundled"


def test_damage_names_the_file(data_dir: Path) -> None:
    folder = write_refreshed(data_dir)
    _price_edit(folder)
    assert check_refreshed(folder) == ("lambda_prices.csv does not match its sha256 in "
                                       "manifest.json (changed or damaged after the refresh "
                                       "wrote it)")


def test_the_newest_valid_snapshot_is_used_refreshed_before_bundled(data_dir: Path,
                                                                    capsys) -> None:
    older = write_refreshed(data_dir, "20261101T000000Z")
    newer = write_refreshed(data_dir, "20261120T000000Z")
    _price_edit(newer)
    code, out, err = run(BILL, capsys)
    assert code == 0 and "total 11.80 USD per month" in out
    assert active_catalog().root == older
    assert err == [f"costsizer-cli: note: refreshed snapshot {newer} not used: "
                   "lambda_prices.csv does not match its sha256 in manifest.json (changed or "
                   "damaged after the refresh wrote it); using the refreshed 2026-11-01 "
                   "snapshot"]


def test_every_command_says_it_once(data_dir: Path, capsys) -> None:
    folder = write_refreshed(data_dir)
    _negative(folder)
    for argv in (["prices", "regions"], ["prices", "show", "ebs", "--region", "us-east-1"],
                 ["ec2", "regions", "--instance-type", "m5.large"], BILL):
        code, _out, err = run(argv, capsys)
        assert len(err) == 1 and str(folder) in err[0] and "sha256" in err[0], (argv, err)


def test_the_verdict_is_recorded_and_damage_after_it_still_falls_back(data_dir: Path,
                                                                      capsys) -> None:
    folder = write_refreshed(data_dir)
    assert run(BILL, capsys)[2] == []
    record = json.loads(data_dir.joinpath(*VERIFIED_CACHE).read_text(encoding="utf-8"))
    assert list(record) == [STAMP]  # the next start costs one stat per file
    # damage that keeps size and mtime (a bit rotting on disk) passes the recorded verdict,
    # then the table's own digest check refuses it as it loads: the command falls back
    path = folder / "lambda_prices.csv"
    st = path.stat()
    _price_edit(folder)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert check_refreshed(folder) is None
    code, out, err = run(BILL, capsys)
    assert code == 0 and "total 11.80 USD per month" in out
    assert len(err) == 1 and "lambda_prices.csv: its sha256 is not the one in manifest" \
        in err[0] and str(folder) in err[0]
    # the verdict is forgotten: the next start hashes again and passes over the snapshot
    assert check_refreshed(folder) is not None
    assert run(BILL, capsys)[2][0].startswith(f"costsizer-cli: note: refreshed snapshot "
                                              f"{folder} not used: lambda_prices.csv does "
                                              "not match")


def test_status_never_calls_a_damaged_snapshot_active(data_dir: Path, capsys) -> None:
    folder = write_refreshed(data_dir)
    _bit_flip(folder)
    code, out, err = run(["prices", "status", "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["snapshot"] == "bundled"
    assert str(folder) in data["fallback_reason"] and "sha256" in data["fallback_reason"]
    assert len(err) == 1 and str(folder) in err[0]


def test_status_hashes_again_past_a_recorded_verdict(data_dir: Path, capsys) -> None:
    folder = write_refreshed(data_dir)
    assert run(["prices", "status"], capsys)[2] == []
    path = folder / "lambda_prices.csv"
    st = path.stat()
    _price_edit(folder)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    code, out, err = run(["prices", "status", "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["snapshot"] == "bundled"
    assert len(err) == 1 and str(folder) in err[0] and "sha256" in err[0]
    # with --data-dir too
    clear_active()
    code, out, _ = run(["prices", "status", "--format", "json", "--data-dir", str(data_dir)],
                       capsys)
    assert json.loads(out)["snapshot"] == "bundled"


def test_damage_to_the_last_snapshot_exits_3_with_one_line(tmp_path: Path, data_dir: Path,
                                                          capsys) -> None:
    # nothing to fall back to: exit code 3 (no usable snapshot), one line naming the file
    folder = tmp_path / "copy"
    shutil.copytree(Path(str(bundled_root())), folder,
                    ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    _price_edit(folder)
    set_active_catalog(Catalog(folder))
    code = main(BILL)
    out, err = capsys.readouterr()
    assert code == 3 and out == ""
    assert err == ("costsizer-cli: error: price snapshot lambda_prices.csv: its sha256 is not "
                   "the one in manifest.json (the file was changed or damaged after the "
                   "snapshot was written)\n")


# -- the loader refuses non-finite and negative prices, naming file, row and column ------------
@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "copy"
    shutil.copytree(Path(str(bundled_root())), folder,
                    ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return folder


def _rehash(folder: Path, name: str) -> None:
    """Give the manifest the edited table's digest: only the value checks can refuse it."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"][name]["sha256"] = hashlib.sha256(
        (folder / SCHEMAS[name].file).read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")


@pytest.mark.parametrize(("cell", "message"), [
    (b"inf", "'inf' is not a finite number"), (b"-inf", "'-inf' is not a finite number"),
    (b"1e999", "'inf' is not a finite number"), (b"Infinity", "'inf' is not a finite number"),
    (b"nan", "'nan' is not a number"), (b"NaN", "'NaN' is not a number"),
    (b"-0.0000002", "negative value -2e-07"),
])
def test_non_finite_and_negative_prices_are_refused(bundled_copy: Path, cell: bytes,
                                                    message: str) -> None:
    path = bundled_copy / "lambda_prices.csv"
    data = path.read_bytes()
    row = data[: data.index(US_EAST_1_REQUEST)].count(b"\n") + 1  # 1-based line number
    path.write_bytes(data.replace(US_EAST_1_REQUEST, b"us-east-1," + cell + b","))
    _rehash(bundled_copy, "lambda_prices")
    with pytest.raises(SnapshotError) as e:
        Catalog(bundled_copy).table("lambda_prices")
    assert str(e.value) == (f"price snapshot lambda_prices.csv, row {row}, column "
                            f"'x86_usd_per_request': {message}")


def test_an_infinite_quantity_is_refused_too(bundled_copy: Path) -> None:
    # an open-ended tier is an empty cell; "inf" written in its place is not accepted
    path = bundled_copy / "data_transfer_out.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].strip().split(",")
    at = header.index("tier_end_gb")
    cells = lines[1].rstrip("\n").split(",")
    cells[at] = "inf"
    lines[1] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    _rehash(bundled_copy, "data_transfer_out")
    with pytest.raises(SnapshotError, match=r"data_transfer_out.csv, row 2, column "
                                            r"'tier_end_gb': 'inf' is not a finite number"):
        Catalog(bundled_copy).table("data_transfer_out")


def test_the_regions_table_is_verified(bundled_copy: Path) -> None:
    edit_in_place(bundled_copy / "regions.csv", b"US East (N. Virginia)",
                  b"US East (N. Virginib)")
    with pytest.raises(SnapshotError, match="regions.csv: its sha256 is not the one"):
        Catalog(bundled_copy).regions()


# -- item 7: a manifest with wrong types is a plain SnapshotError -----------------------------
def _manifest() -> dict:
    return json.loads((Path(str(bundled_root())) / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("edit", "message"), [
    (lambda m: m.update(sources=5), "'sources' must be an object, not a number"),
    (lambda m: m.update(tables=[]), "'tables' must be an object, not a list"),
    (lambda m: m["sources"].update(lambda_feed="x"),
     "source 'lambda_feed' must be an object, not a string"),
    (lambda m: m["sources"]["lambda_feed"].update(as_of=20251030),
     "source 'lambda_feed' 'as_of' must be a string, not a number"),
    (lambda m: m["tables"]["lambda_prices"].update(rows="36"),
     "table 'lambda_prices' 'rows' must be a row count, not a string"),
    (lambda m: m["tables"]["lambda_prices"].update(rows=True),
     "table 'lambda_prices' 'rows' must be a row count, not true/false"),
    (lambda m: m["tables"]["lambda_prices"].update(sha256=5),
     "table 'lambda_prices' 'sha256' must be 64 hexadecimal digits, not a number"),
    (lambda m: m["tables"]["lambda_prices"].update(sources="lambda_feed"),
     "table 'lambda_prices' 'sources' must be a list of source ids, not a string"),
    (lambda m: m["tables"]["lambda_prices"].update(sources=["nope"]),
     "table 'lambda_prices' names unknown source 'nope'"),
    (lambda m: m["tables"]["lambda_prices"].update(as_of=None),
     "table 'lambda_prices' 'as_of' must be a date string, not null"),
    (lambda m: m["tables"]["lambda_prices"].update(file="../x.csv"),
     "table 'lambda_prices' 'file' must be 'lambda_prices.csv'"),
    (lambda m: m["tables"].pop("limits"), "lists no table 'limits'"),
])
def test_a_manifest_with_wrong_types_is_a_plain_error(edit, message: str) -> None:
    m = _manifest()
    edit(m)
    with pytest.raises(SnapshotError) as e:
        check_manifest(m)
    assert str(e.value) == f"price snapshot manifest.json: {message}"


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"rows": ' + "9" * 5000 + "}",
                                  "\xff\xfe"])
def test_an_unreadable_manifest_is_a_plain_error(bundled_copy: Path, text: str) -> None:
    (bundled_copy / "manifest.json").write_bytes(text.encode("latin-1"))
    with pytest.raises(SnapshotError) as e:
        _ = Catalog(bundled_copy).manifest
    assert str(e.value).startswith("price snapshot manifest.json: not valid JSON (")
    assert len(str(e.value)) < 200


@pytest.mark.parametrize("edit", [
    lambda m: m.update(sources=5), lambda m: m.update(services=5),
    lambda m: m.update(regions=[1]), lambda m: m.update(files=[]),
    lambda m: m["files"].update({"lambda_prices.csv": "7566"}),
    lambda m: m["tables"]["lambda_prices"].update(rows="36"),
])
def test_a_refreshed_manifest_with_wrong_types_falls_back(edit, data_dir: Path,
                                                          capsys) -> None:
    folder = write_refreshed(data_dir)
    m = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    edit(m)
    (folder / "manifest.json").write_text(json.dumps(m, indent=1), encoding="utf-8")
    for argv in (BILL, ["prices", "status"]):
        code, out, err = run(argv, capsys)
        assert code == 0 and len(err) == 1 and str(folder) in err[0], (argv, err)
        assert "Traceback" not in out + "".join(err)
    assert "manifest" in (load_active()[1] or "")
    assert active_fallback_reason() is not None


# -- item 8: a gzip bomb in a snapshot table is refused at a size cap, not at memory's end ----
def _gzip_bomb(mib: int) -> bytes:
    """A gzip file of ``mib`` MiB of zeros after a CSV header, about 1 KB per MiB: 1 MiB
    members back to back (gzip allows several), as a hostile table could be."""
    member = gzip.compress(bytes(1 << 20), compresslevel=9)
    return gzip.compress(b"region_code,instance_type\n") + member * mib


def test_gunzip_capped_reads_every_member_and_stops_at_the_cap() -> None:
    assert gunzip_capped(gzip.compress(b"a,b\n") + gzip.compress(b"1,2\n")) == b"a,b\n1,2\n"
    assert gunzip_capped(_gzip_bomb(2), limit=3 << 20)[:26] == b"region_code,instance_type\n"
    with pytest.raises(ValueError, match="it decompresses to more than 1 MiB"):
        gunzip_capped(_gzip_bomb(4), limit=1 << 20)
    with pytest.raises(EOFError):
        gunzip_capped(gzip.compress(b"a,b\n1,2\n")[:-9])  # cut short: no end marker


def test_a_gzip_bomb_table_is_refused_naming_the_file(bundled_copy: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_module, "MAX_TABLE_BYTES", 1 << 20)
    (bundled_copy / "ec2_on_demand.csv.gz").write_bytes(_gzip_bomb(8))
    with pytest.raises(SnapshotError) as e:
        Catalog(bundled_copy).table("ec2_on_demand")
    assert str(e.value) == ("price snapshot ec2_on_demand.csv.gz: cannot be read (it "
                            "decompresses to more than 1 MiB)")


def test_a_gzip_bomb_in_a_refreshed_snapshot_falls_back(data_dir: Path, capsys,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # the manifest even lists the bomb's size: the digest check refuses it at the cap
    monkeypatch.setattr(catalog_module, "MAX_TABLE_BYTES", 1 << 20)
    folder = write_refreshed(data_dir)
    bomb = folder / "ec2_on_demand.csv.gz"
    bomb.write_bytes(_gzip_bomb(8))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][bomb.name] = bomb.stat().st_size
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, out, err = run(BILL, capsys)
    assert code == 0 and "total 11.80 USD per month" in out
    assert err == [f"costsizer-cli: note: refreshed snapshot {folder} not used: "
                   "ec2_on_demand.csv.gz cannot be read (it decompresses to more than 1 MiB); "
                   "using the bundled snapshot"]


def test_a_2_gib_gzip_bomb_is_refused_within_bounded_memory(bundled_copy: Path) -> None:
    # the bomb used 6.4 GB before it was refused; with the real cap (256 MiB) a
    # 2 GiB bomb is refused with the process's peak memory well under 1 GiB
    (bundled_copy / "ec2_on_demand.csv.gz").write_bytes(_gzip_bomb(2048))
    script = (
        "import resource, sys\nfrom pathlib import Path\n"
        "from calc.pricing.catalog import Catalog\n"
        "from calc.pricing.errors import SnapshotError\n"
        "try:\n"
        "    Catalog(Path(sys.argv[1])).table('ec2_on_demand')\n"
        "except SnapshotError as e:\n"
        "    print(e)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    done = subprocess.run([sys.executable, "-c", script, str(bundled_copy)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    message, peak_kib = done.stdout.splitlines()
    assert message == ("price snapshot ec2_on_demand.csv.gz: cannot be read (it decompresses "
                       "to more than 256 MiB)")
    assert int(peak_kib) < 1 << 20  # KiB: under 1 GiB
