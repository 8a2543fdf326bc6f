"""CPU time and peak memory of reading uploaded workbooks: the largest realistic template, the
worst file the caps accept, and the bombs they refuse.

    .venv/bin/python benchmarks/bench_excel_bombs.py

Needs no database. The files are built first, then each is read in a fresh process (so that its
peak memory is its own) the way ``plan_import`` reads an upload before checking rows:
``unpacked_workbook`` (the checks in ``projects.excel.safety`` and the parser's copy), then
openpyxl opening that copy read-only (shared strings and styles are parsed here) and every
row of every sheet iterated. The row checks of the import come on top for an accepted file;
``bench_import.py`` measures those.

Cases:
- largest realistic: 2 000 projects with 1 000-character texts, 10 000 payouts, saved as
  Excel saves it (texts in shared strings);
- worst accepted: every cap filled with what costs the parser most per byte: a million
  one-digit cells in a sheet without a <dimension> (openpyxl parses such a sheet twice),
  200 000 shared strings in 32 MB, 2 MB of cell formats, hyperlinks in what the 64 MB leave;
- shared strings bomb: shared strings unpacking to 100 MB (reported before the caps: 43 s,
  494 MB);
- styles bomb: styles unpacking to 87 MB (reported before the caps: 38 s, 1 742 MB);
- forged size: the shared strings bomb with 1 kB declared in the zip directory and header.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "malmo_intl.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("TESTING", "1")

import django  # noqa: E402

django.setup()

MB = 1024 * 1024
CASES = ("largest realistic", "worst accepted", "shared strings bomb", "styles bomb", "forged size")


def worst_accepted() -> bytes:
    """A workbook at every cap, filled with what costs openpyxl most per byte: cells (about
    10 µs each, twice over in a sheet without a <dimension>), shared strings, cell formats,
    then hyperlink relationships in what the total leaves."""
    from openpyxl.utils import get_column_letter

    from projects.excel import safety, xml_scan
    from tests.projects.test_excel_bombs import (
        SHARED_STRINGS,
        SST_HEAD,
        STYLES,
        WORDS,
        as_saved_by_excel,
        small_template,
    )

    rng = random.Random(1)
    words = [word for word in WORDS if word.isascii()]  # one byte a character
    base = as_saved_by_excel(small_template())
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        styles = archive.read(STYLES)
        room = safety.MAX_TOTAL_UNCOMPRESSED - sum(info.file_size for info in archive.infolist())
        cells = sum(archive.read(name).count(b"<c ") for name in archive.namelist())
    parts = {}
    # The Projekt sheet: one-digit cells up to the cell limit, with no <dimension>.
    columns = [get_column_letter(n) for n in range(1, 101)]
    rows = []
    while cells + len(columns) <= xml_scan.MAX_CELLS:
        number = len(rows) + 1
        values = "".join(f'<c r="{c}{number}"><v>{rng.randrange(10)}</v></c>' for c in columns)
        rows.append(f'<row r="{number}">{values}</row>')
        cells += len(columns)
    parts["xl/worksheets/sheet2.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + "".join(rows).encode() + b"</sheetData></worksheet>"
    )
    # As many shared strings as accepted, long enough together to fill their cap.
    length = (safety.MAX_SHARED_STRINGS_BYTES - 4096) // xml_scan.MAX_SHARED_STRINGS - 17
    strings = "".join(
        "<si><t>" + " ".join(rng.choice(words) for _ in range(length // 6))[:length] + "</t></si>"
        for _ in range(xml_scan.MAX_SHARED_STRINGS)
    )
    parts[SHARED_STRINGS] = SST_HEAD + strings.encode() + b"</sst>"
    # Styles: their cap filled with cell formats.
    head, _sep, rest = styles.partition(b"<cellXfs")
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    count = (safety.MAX_STYLES_BYTES - len(styles) - 64) // len(xf)
    parts[STYLES] = head + b'<cellXfs count="%d">' % count + xf * count + rest.partition(b">")[2]
    # Hyperlinks of the Projekt sheet in what is left of the total, up to their cap.
    left = room - sum(len(part) for part in parts.values()) - 4096
    link = (
        '<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/hyperlink" Target="https://malmo.se/{n}" TargetMode="External"/>'
    )
    links = "".join(link.format(n=n) for n in range(min(left, 4 * MB) // (len(link) + 4)))
    parts["xl/worksheets/_rels/sheet2.xml.rels"] = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + links.encode()
        + b"</Relationships>"
    )
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, parts.pop(info.filename, None) or source.read(info))
        for name, content in parts.items():
            target.writestr(name, content)
    return output.getvalue()


def build(case: str) -> bytes:
    from tests.projects.test_excel_bombs import (
        SHARED_STRINGS,
        as_saved_by_excel,
        forge_declared_size,
        largest_realistic_template,
        shared_strings_bomb,
        styles_bomb,
    )

    if case == "largest realistic":
        return as_saved_by_excel(largest_realistic_template())
    if case == "worst accepted":
        return worst_accepted()
    if case == "shared strings bomb":
        return shared_strings_bomb()
    if case == "styles bomb":
        return styles_bomb()
    return forge_declared_size(shared_strings_bomb(), SHARED_STRINGS, 1024)


def peak_rss_mib() -> float:
    """This process's peak resident memory. Linux's VmHWM starts afresh with the process;
    ru_maxrss carries over the parent's peak into a child."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read(path: str) -> dict:
    """In the child process: read one file as an upload is read, and measure it."""
    from openpyxl import load_workbook

    from projects.excel.safety import WorkbookRefused, unpacked_workbook

    data = Path(path).read_bytes()
    before_rss = peak_rss_mib()
    started, cpu = time.perf_counter(), time.process_time()
    result = {"packed": len(data), "stages": []}
    try:
        copy = unpacked_workbook(data)
    except WorkbookRefused as refusal:
        result["result"] = f"refused ({refusal.code})"
    else:
        result["stages"].append(("checks and copy", time.process_time() - cpu))
        result["unpacked"] = len(copy)
        workbook = load_workbook(io.BytesIO(copy), read_only=True, keep_links=False)
        result["stages"].append(("openpyxl opens it", time.process_time() - cpu))
        cells = sum(
            len(row) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
        )
        workbook.close()
        result["stages"].append(("every row read", time.process_time() - cpu))
        result["result"] = "accepted, " + f"{cells:,} cells read".replace(",", " ")
    result["cpu"] = time.process_time() - cpu
    result["wall"] = time.perf_counter() - started
    result["rss_before"] = before_rss
    result["rss_peak"] = peak_rss_mib()
    return result


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.1f} ms"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--read", help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--case", action="append", choices=CASES, help="only these cases")
    arguments = parser.parse_args()
    if arguments.read:
        print(json.dumps(read(arguments.read)))
        return

    with tempfile.TemporaryDirectory() as folder:
        for case in arguments.case or CASES:
            path = Path(folder) / "upload.xlsx"
            path.write_bytes(build(case))
            child = subprocess.run(
                [sys.executable, __file__, "--read", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            measured = json.loads(child.stdout.strip().splitlines()[-1])
            unpacked = measured.get("unpacked")
            unpacked = f", parser's copy {unpacked / MB:.1f} MB" if unpacked else ""
            stages = "".join(
                f"\n      {label}: {seconds(at)} CPU so far" for label, at in measured["stages"]
            )
            print(
                f"{case}: {measured['packed'] / MB:.2f} MB{unpacked}: {measured['result']}\n"
                f"    {seconds(measured['cpu'])} CPU ({seconds(measured['wall'])} wall), "
                f"peak RSS {measured['rss_peak']:.0f} MiB, "
                f"{measured['rss_peak'] - measured['rss_before']:.0f} MiB more than before "
                f"reading{stages}"
            )


if __name__ == "__main__":
    main()
