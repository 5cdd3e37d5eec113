"""Checks a tagged PDF with an independent reader (pikepdf) for the commonest
PDF/UA failures, and measures its text colours.

Usage: pdf_structure.py REPORT.pdf

* the document has its language (/Lang sv…) and a title shown as such;
* every piece of text is in tagged marked content (an MCID) or an artifact;
* headings nest without skips (H1 → H3 is a skip);
* every table has header cells (TH);
* every figure has alternative text (/Alt);
* every text colour has at least 4.5:1 contrast on white.
Prints a summary line per check; exits 1 at the first failure.
"""
import sys

import pikepdf


def fail(msg):
    print("FAIL", msg)
    sys.exit(1)


def luminance(rgb):
    def chan(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (chan(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(rgb):
    return (1.0 + 0.05) / (luminance(rgb) + 0.05)


def walk(node, out, depth=0):
    """Structure elements in reading order: (type, element)."""
    if isinstance(node, pikepdf.Dictionary) and "/S" in node:
        out.append((str(node.S), node))
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    if kids is None:
        return
    if isinstance(kids, pikepdf.Array):
        for k in kids:
            walk(k, out, depth + 1)
    else:
        walk(kids, out, depth + 1)


def role(pdf, s):
    rm = pdf.Root.StructTreeRoot.get("/RoleMap")
    seen = 0
    while rm is not None and pikepdf.Name(s) in rm and seen < 10:
        s = str(rm[pikepdf.Name(s)])
        seen += 1
    return s


def main():
    pdf = pikepdf.open(sys.argv[1])
    root = pdf.Root
    lang = str(root.get("/Lang", ""))
    if not lang.lower().startswith(("sv", "en")):
        fail(f"document language is {lang!r}")
    title = None
    with pdf.open_metadata() as meta:
        title = meta.get("dc:title")
    if not title:
        fail("no dc:title in the XMP metadata")
    vp = root.get("/ViewerPreferences")
    if vp is None or not bool(vp.get("/DisplayDocTitle", False)):
        fail("DisplayDocTitle is not set")
    if root.get("/MarkInfo") is None or not bool(root.MarkInfo.get("/Marked", False)):
        fail("MarkInfo /Marked is not true")
    print(f"ok language {lang}, title {title!r}")

    elements = []
    walk(root.StructTreeRoot, elements)
    types = [role(pdf, s) for s, _ in elements]
    levels = [int(t[2]) for t in types if len(t) == 3 and t.startswith("/H") and t[2].isdigit()]
    if not levels:
        fail("no headings")
    prev = 0
    for lv in levels:
        if lv > prev + 1:
            fail(f"heading levels skip from H{prev} to H{lv}")
        prev = lv
    print(f"ok {len(levels)} headings nest without skips")
    tables = [e for (s, e), t in zip(elements, types) if t == "/Table"]
    for i, tbl in enumerate(tables):
        inner = []
        walk(tbl, inner)
        if not any(role(pdf, s) == "/TH" for s, _ in inner):
            fail(f"table {i + 1} has no header cell")
    print(f"ok {len(tables)} tables have header cells")
    figures = [e for (s, e), t in zip(elements, types) if t == "/Figure"]
    for i, fig in enumerate(figures):
        if "/Alt" not in fig or not str(fig.Alt).strip():
            fail(f"figure {i + 1} has no alternative text")
    print(f"ok {len(figures)} figures have alternative text")

    shown = 0
    colours = set()
    for n, page in enumerate(pdf.pages, start=1):
        stack = []
        fill = (0.0, 0.0, 0.0)
        saved = []
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op in ("BDC", "BMC"):
                tag = str(operands[0])
                props = operands[1] if op == "BDC" and len(operands) > 1 else None
                mcid = isinstance(props, pikepdf.Dictionary) and "/MCID" in props
                stack.append(tag == "/Artifact" or mcid)
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op == "q":
                saved.append(fill)
            elif op == "Q":
                fill = saved.pop() if saved else fill
            elif op in ("rg", "sc", "scn") and len(operands) == 3:
                fill = tuple(float(x) for x in operands)
            elif op in ("g", "sc", "scn") and len(operands) == 1:
                fill = (float(operands[0]),) * 3
            elif op in ("Tj", "TJ", "'", '"'):
                shown += 1
                if not any(stack):
                    fail(f"page {n}: text outside tagged content and artifacts")
                if contrast(fill) < 4.5:
                    fail(f"page {n}: text colour {fill} has contrast {contrast(fill):.2f}:1 on white")
                colours.add(fill)
    worst = min(contrast(c) for c in colours)
    print(f"ok {shown} text runs tagged or artifacts; {len(colours)} text colours, the lowest contrast {worst:.2f}:1")


main()
