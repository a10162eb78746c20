"""Make data/templates/slides-16x9.pptx, the 16:9 template of the PowerPoint handouts (lib/handouts.py).

python-pptx's own template is 4:3; resizing a deck to 16:9 leaves every placeholder where it was, off
centre. This script widens the slide to 13.333 × 7.5 in and moves and widens each placeholder of the master
and of every layout by the same factor, so a title sits where a 16:9 slide expects it. Run it again only to
change the template; its output is kept in the repository.

Run: .venv/bin/python scripts/build_template.py
"""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.util import Inches

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "templates" / "slides-16x9.pptx"


def main() -> None:
    prs = Presentation()
    old_width = prs.slide_width
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    factor = prs.slide_width / old_width
    for shapes in [prs.slide_master.shapes, *(layout.placeholders for layout in prs.slide_layouts)]:
        for shape in shapes:
            if shape._element.spPr.xfrm is None:  # inherits its place from the master: moved with it
                continue
            shape.left, shape.width = int(shape.left * factor), int(shape.width * factor)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    prs.save(OUT)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
