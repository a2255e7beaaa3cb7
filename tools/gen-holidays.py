#!/usr/bin/env python3
"""Generate supportbot's national-holiday catalog, data/holidays/XX.toml.

Why this exists: the business-hours clock must skip national holidays, and
hand-typed holiday tables go stale or wrong (lunar and Islamic calendars,
substitute days, one-off proclamations).  So the catalog's holidays come from
a maintained source, python-holidays (https://github.com/vacanza/holidays),
pinned to an exact version in tools/requirements-holidays.txt, and this script
turns that package's data into the TOML shape described in data/README.md
("holidays/").  The generated files are checked in; the bot does not depend
on Python at run time.

What it writes, per country: the country's default holidays (whole country, no
subdivision, default "public" category, observed/substitute days included as
the package defines them) for the years FIRST_YEAR..LAST_YEAR inclusive, one
[[day]] per date sorted by date; when two holidays fall on one date their
names are joined with "; ".  Names are localized with the package's own
translations: en from "en_US" (or the country's default language when that is
already English / when the country has no translations), zh-TW from "zh_TW"
and ja from "ja" where the country supports them; otherwise the English name
is used.

Vendor-designated non-business days are not generated: they live in the
hand-written data/holidays/designated.toml, which this script never touches.

To regenerate (e.g. after bumping the pinned version, or moving the year
window; the output is deterministic):

    pip install -r tools/requirements-holidays.txt
    python3 tools/gen-holidays.py [--out data/holidays]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from importlib import metadata

import holidays

FIRST_YEAR = 2025
LAST_YEAR = 2030

# The default countries of the four support regions come first; the rest are
# countries customers commonly pick as their holiday country.
COUNTRIES = (
    "US", "GB", "SG", "JP",
    "AU", "CA", "DE", "FR", "IN", "TW", "CN", "KR", "HK", "BR", "MX", "NL",
    "IE", "ES", "IT", "NZ",
)

# Catalog language -> python-holidays language code.
LANGUAGES = (("en", "en_US"), ("zh-TW", "zh_TW"), ("ja", "ja"))

HEADER_NOTES = {
    "GB": (
        "These are UK-wide holidays as python-holidays defines them for GB without a",
        "subdivision. England, Scotland, Wales and Northern Ireland each add their own",
        "(e.g. Easter Monday and the August bank holiday in England and Wales), which",
        "are not listed here.",
    ),
    "JP": (
        "Japan's support closes on national and bank holidays (adobe/en/overview.md,",
        "support-programme.md §3), so the bank category (2-3 January, 31 December) is",
        "included alongside the public one.",
    ),
}

# Extra python-holidays categories per country, beyond the default public one.
CATEGORIES = {"JP": ("public", "bank")}


def toml_str(text: str) -> str:
    """A TOML basic string.  JSON string escaping is valid TOML basic-string
    escaping as long as no non-BMP character is escaped, so keep non-ASCII
    text literal (ensure_ascii=False)."""
    return json.dumps(text, ensure_ascii=False)


def source_language(cls) -> str | None:
    """The language whose names stand in for English: en_US when supported,
    else the default when it is an English variant or unset (no translations)."""
    supported = tuple(getattr(cls, "supported_languages", ()) or ())
    if "en_US" in supported:
        return "en_US"
    default = getattr(cls, "default_language", None)
    if default is None or default.startswith("en"):
        return default
    raise SystemExit(f"{cls.__name__}: no English names (supported: {supported})")


def load(country: str, language: str | None) -> dict[dt.date, list[str]]:
    # One year of padding either side, so an observed/substitute day that
    # lands inside the window for a holiday outside it (e.g. 31 December for
    # a Saturday 1 January) is not lost; the window filter below trims it.
    years = range(FIRST_YEAR - 1, LAST_YEAR + 2)
    kwargs = {"years": years}
    if country in CATEGORIES:
        kwargs["categories"] = CATEGORIES[country]
    if language is not None:
        kwargs["language"] = language
    h = holidays.country_holidays(country, **kwargs)
    out = {}
    for day in sorted(h):
        if FIRST_YEAR <= day.year <= LAST_YEAR:
            out[day] = h.get_list(day)
    return out


def generate(country: str, version: str) -> tuple[str, dict[str, str]]:
    """Returns (file text, {catalog language: python-holidays language or 'en fallback'})."""
    cls = holidays.country_holidays(country).__class__
    supported = set(getattr(cls, "supported_languages", ()) or ())
    en_lang = source_language(cls)
    english = load(country, en_lang)
    used = {"en": en_lang or "default"}
    names = {"en": english}
    for lang, code in LANGUAGES[1:]:
        if code in supported:
            names[lang] = load(country, code)
            used[lang] = code
        else:
            names[lang] = english
            used[lang] = "en fallback"

    lines = [
        f"# National holidays of {country}, {FIRST_YEAR}-{LAST_YEAR}.",
        "# Generated by tools/gen-holidays.py from python-holidays; do not edit by hand,",
        "# regenerate instead (see the script's docstring).",
    ]
    lines += [f"# {note}" for note in HEADER_NOTES.get(country, ())]
    fallbacks = [lang for lang, how in used.items() if how == "en fallback"]
    if fallbacks:
        lines.append(
            "# python-holidays has no "
            + " / ".join(fallbacks)
            + f" names for {country}: those fall back to the English name."
        )
    lines += [
        f"country = {toml_str(country)}",
        "source = "
        + toml_str(
            f"python-holidays {version} (https://github.com/vacanza/holidays), "
            f"generated by tools/gen-holidays.py for {FIRST_YEAR}-{LAST_YEAR}"
        ),
        f"years = [{FIRST_YEAR}, {LAST_YEAR}]",
    ]

    for day in sorted(english):
        parts = []
        for lang, _ in LANGUAGES:
            localized = names[lang].get(day)
            if localized is None or len(localized) != len(english[day]):
                raise SystemExit(
                    f"{country} {day}: {lang} names {localized!r} do not match en {english[day]!r}"
                )
            text = "; ".join(n.strip() for n in localized)
            if not text:
                raise SystemExit(f"{country} {day}: empty {lang} name")
            parts.append(f"{lang} = {toml_str(text)}")
        lines += [
            "",
            "[[day]]",
            f'date = "{day.isoformat()}"',
            "name = { " + ", ".join(parts) + " }",
        ]
    return "\n".join(lines) + "\n", used


def main(argv: list[str] | None = None) -> int:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        default=os.path.join(root, "data", "holidays"),
        help="output directory (default: data/holidays next to this tools/ dir)",
    )
    args = parser.parse_args(argv)

    version = metadata.version("holidays")
    os.makedirs(args.out, exist_ok=True)
    for country in COUNTRIES:
        text, used = generate(country, version)
        path = os.path.join(args.out, f"{country}.toml")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        days = text.count("[[day]]")
        langs = ", ".join(f"{k}<-{v}" for k, v in used.items())
        print(f"{path}: {days} days ({langs})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
