"""The smallest printed text size on each page of a PDF, in points, as
a reader holds the paper: the size of each character after every scaling
(a sheet fitted to the page width is drawn smaller). Prints one line per
page: "<page> <smallest size> <sample text at that size>".

Usage: python3 print_sizes.py FILE.pdf (needs pdfminer.six, installed by
scripts/test).
"""

import sys

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextContainer


def chars(obj):
    if isinstance(obj, LTChar):
        yield obj
    elif hasattr(obj, "__iter__"):
        for o in obj:
            yield from chars(o)


def main(path):
    for n, page in enumerate(extract_pages(path), start=1):
        smallest, sample = None, ""
        for box in page:
            if not isinstance(box, LTTextContainer):
                continue
            for line in box:
                cs = [c for c in chars(line) if c.get_text().strip()]
                if not cs:
                    continue
                size = min(c.size for c in cs)
                if smallest is None or size < smallest:
                    smallest, sample = size, line.get_text().strip()[:60]
        print(f"{n} {smallest if smallest is not None else 0:.2f} {sample}")


main(sys.argv[1])
