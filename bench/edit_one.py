#!/usr/bin/env python3
"""Changes one forecast figure in one workbook, as a clerk fixing a cell would.

Usage: edit_one.py WORKBOOK.xlsx
Adds 1 to the first number of the Prognos sheet (the second worksheet of a
corpus economy workbook) and rewrites the file; everything else is kept.
Uses only the standard library, so it does not reformat the workbook.
"""
import re, sys, zipfile

path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    entries = [(i, z.read(i.filename)) for i in z.infolist()]
done = False
out = []
for info, data in entries:
    if not done and info.filename == "xl/worksheets/sheet2.xml":
        text = data.decode("utf-8")
        m = re.search(r"<v>(-?[0-9.]+)</v>", text)
        if m:
            new = repr(round(float(m.group(1)) + 1, 6))
            text = text[: m.start(1)] + new + text[m.end(1):]
            data = text.encode("utf-8")
            done = True
    out.append((info, data))
if not done:
    sys.exit(f"{path}: no number found in the Prognos sheet")
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    for info, data in out:
        z.writestr(info, data)
