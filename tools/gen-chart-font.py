#!/usr/bin/env python3
"""Regenerates data/fonts/chart-{jp,tc}.otf: the fonts built into the binary for /stats charts.

Subsets of Noto Sans CJK Regular (SIL OFL 1.1, data/fonts/OFL.txt): printable ASCII plus every
character of the chart's messages (ids `chart-*` in data/locales/*.ftl) and of the catalog's
region names (data/regions.toml), which charts show. `jp` serves en and ja, `tc` zh-TW (the
Traditional Chinese glyph forms). A test (render::chart) fails while a label has a character the
fonts lack: rerun this after changing those messages or names.

    apt-get install fonts-noto-cjk && pip install fonttools==4.68.0
    python3 tools/gen-chart-font.py [/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]
"""

import pathlib
import sys
import tomllib

from fontTools import subset

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DEFAULT_TTC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
# Index in the collection: 0 Noto Sans CJK JP, 3 Noto Sans CJK TC.
FACES = {"jp": 0, "tc": 3}


def characters() -> str:
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for ftl in sorted((DATA / "locales").glob("*.ftl")):
        for line in ftl.read_text(encoding="utf-8").splitlines():
            if line.startswith("chart-"):
                chars.update(line.split("=", 1)[1].strip())
    regions = tomllib.loads((DATA / "regions.toml").read_text(encoding="utf-8"))
    for region in regions["region"]:
        for name in region["name"].values():
            chars.update(name)
    return "".join(sorted(chars))


def main() -> None:
    ttc = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_TTC
    text = characters()
    for face, number in FACES.items():
        out = DATA / "fonts" / f"chart-{face}.otf"
        options = subset.Options()
        options.font_number = number
        options.layout_features = []
        options.hinting = False
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        font = subset.load_font(ttc, options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        subset.save_font(font, str(out), options)
        print(f"{out.relative_to(ROOT)}: {len(text)} characters, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
