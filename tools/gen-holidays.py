#!/usr/bin/env python3
"""Generate supportbot's holiday calendars, data/holidays/XX.toml.

Why this exists: the business-hours clock must skip the days offices close, and
hand-typed holiday tables go stale or wrong (lunar and Islamic calendars,
substitute days, one-off proclamations).  So the catalog's holidays come from
a maintained source, python-holidays (https://github.com/vacanza/holidays),
pinned to an exact version in tools/requirements-holidays.txt, and this script
turns that package's data into the TOML shape described in data/README.md
("holidays/").  The generated files are checked in; the bot does not depend
on Python at run time.

What a calendar is: a country (`AU`) or an ISO 3166-2 subdivision of it
(`AU-NSW`).  One file per country holds the country's calendar and those of
the subdivisions listed in SUBDIVISIONS, for the years FIRST_YEAR..LAST_YEAR
inclusive:

- a subdivision's days are python-holidays' days for that subdivision;
- the country's own days are python-holidays' days for the country without a
  subdivision, plus every day that all of its subdivisions observe.  [D] The
  package applies some observed-day rules only per subdivision (Australia Day
  2025, a Sunday, is observed on Monday 27 January in every state but not in
  the package's country-wide list), and a day off everywhere in a country is a
  day off for the country.

Each calendar takes the categories in CATEGORIES (default: public), the days
offices close; observed and substitute days are included as the package
defines them.  Each file says which categories it holds and why.

One [[day]] per (date, names); `only` / `except` name the calendars of the
file it applies to (all of them when both are absent), whichever list is
shorter.  When two holidays fall on one date in a calendar their names are
joined with "; ".

Names: en from the package's "en_US" (or its default language when that is
already English / when the country has no translations); zh-TW from the
package's "zh_TW" (or "zh_HK", Traditional Chinese as written in Hong Kong)
and ja from its "ja" where the country has them.  Otherwise the project's own
translation of the English name, from tools/holiday-names.toml; a name missing
there stops the script, so every shipped holiday has all three languages.
`names_from` in each file says where each language came from.

Vendor-designated non-business days are not generated: they live in the
hand-written data/holidays/designated.toml, which this script never touches.

To regenerate (e.g. after bumping the pinned version, or moving the year
window; the output is deterministic):

    pip install -r tools/requirements-holidays.txt
    python3 tools/gen-holidays.py [--out data/holidays]

CI (.ci/run) installs the pinned version when missing, re-runs this script and
fails when anything under data/holidays changed (git diff --exit-code).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import re
import sys
import tomllib
import warnings
from importlib import metadata

import holidays

FIRST_YEAR = 2025
LAST_YEAR = 2035

# The default countries of the four support regions come first; the rest are
# countries customers commonly pick as their holiday country.
COUNTRIES = (
    "US", "GB", "SG", "JP",
    "AU", "CA", "DE", "FR", "IN", "TW", "CN", "KR", "HK", "BR", "MX", "NL",
    "IE", "ES", "IT", "NZ",
)

# Countries whose subdivisions are shipped as calendars of their own: all of
# them.  Only ISO 3166-2 codes are calendars: the package's other subdivisions
# (a city, AU's "NSW Western", DE's "Augsburg", FR's school zones, NL's
# regions) are left out.
SUBDIVISIONS = COUNTRIES
ISO_SUBDIVISION = re.compile(r"^[A-Z0-9]{1,3}$")

# python-holidays categories per country (default: public) and why.
CATEGORIES = {
    "JP": ("public", "bank"),
    "HK": ("public", "optional"),
}
CATEGORY_NOTES = {
    "JP": (
        "public and bank: Japan's support closes on national and bank holidays",
        "(adobe/en/overview.md, support-programme.md §3); the bank category adds",
        "2-3 January and 31 December.",
    ),
    "HK": (
        "public and optional: python-holidays' public category holds Hong Kong's",
        "statutory holidays and its optional category the general holidays",
        "(Good Friday, the day after, Easter Monday, ...), which offices and banks",
        "close for.",
    ),
}
DEFAULT_CATEGORY_NOTE = (
    "public [D]: the statutory/public holidays, the days offices here close.",
)
# What the categories a file leaves out hold, for its header.
CATEGORY_MEANINGS = {
    "bank": "days only banks close",
    "catholic": "Catholic feasts kept in some places only",
    "government": "days only government offices close",
    "half_day": "half days",
    "optional": "optional days some employers give",
    "optional_women": "optional days for women employees",
    "school": "school holidays",
    "unofficial": "observances that are not days off",
    "workday": "weekend days worked to make up a bridge day",
}

HEADER_NOTES = {
    "GB": (
        "GB is the UK-wide calendar (the days all four nations share); England and",
        "Wales (GB-ENG, GB-WLS) add Easter Monday and the Summer bank holiday,",
        "Scotland (GB-SCT) 2 January and St Andrew's Day, Northern Ireland (GB-NIR)",
        "St Patrick's Day and the Battle of the Boyne.",
    ),
}

# Catalog language -> python-holidays language codes, in order of preference.
LANGUAGES = (("en", ("en_US",)), ("zh-TW", ("zh_TW", "zh_HK")), ("ja", ("ja",)))

NAMES_FILE = "holiday-names.toml"
PROJECT = "supportbot's own translation (tools/holiday-names.toml)"

# Suffixes python-holidays appends to a name, and their translations.
SUFFIXES = (
    (" (observed, estimated)", {"zh-TW": "（補假，推算日期）", "ja": "（振替休日・推定）"}),
    (" (observed)", {"zh-TW": "（補假）", "ja": "（振替休日）"}),
    (" (estimated)", {"zh-TW": "（推算日期）", "ja": "（推定）"}),
)
# Names built from another name: (pattern, {language: template of the base}).
PATTERNS = (
    # Korea's substitute days.
    (re.compile(r"^Alternative holiday for (.+)$"), {"zh-TW": "{}補假", "ja": "{}の振替休日"}),
    # Hong Kong's general holidays after a statutory one.
    (re.compile(r"^The [Dd]ay following (?:the )?(.+)$"), {"zh-TW": "{}翌日", "ja": "{}の翌日"}),
    # Spain's regions move a Sunday holiday to the Monday.
    (re.compile(r"^Monday following (.+)$"), {"zh-TW": "{}後的星期一", "ja": "{}の翌月曜日"}),
)
# China's days off swapped with a weekend working day.
SWAPPED = re.compile(r"^Day off \(substituted from (\d\d)/(\d\d)/(\d{4})\)$")
SWAPPED_TEMPLATE = {
    "zh-TW": "調休（{y}年{m}月{d}日補班）",
    "ja": "振替休日（{y}年{m}月{d}日の出勤日と振替）",
}


def toml_str(text: str) -> str:
    """A TOML basic string.  JSON string escaping is valid TOML basic-string
    escaping as long as no non-BMP character is escaped, so keep non-ASCII
    text literal (ensure_ascii=False)."""
    return json.dumps(text, ensure_ascii=False)


def toml_list(items) -> str:
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


class Translator:
    """English holiday names -> the project's zh-TW / ja names."""

    def __init__(self, path: str):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        self.table = data["names"]
        self.overrides = data.get("override", {})
        self.missing: set[str] = set()

    def __call__(self, name: str, lang: str, country: str) -> str:
        for suffix, translated in SUFFIXES:
            if name.endswith(suffix):
                return self(name[: -len(suffix)], lang, country) + translated[lang]
        for pattern, templates in PATTERNS:
            found = pattern.match(name)
            if found:
                return templates[lang].format(self(found.group(1), lang, country))
        swapped = SWAPPED.match(name)
        if swapped:
            m, d, y = (int(g) for g in swapped.groups())
            return SWAPPED_TEMPLATE[lang].format(y=y, m=m, d=d)
        entry = self.overrides.get(country, {}).get(name) or self.table.get(name)
        if entry is None or not entry.get(lang):
            self.missing.add(name)
            return name
        return entry[lang]


def english_language(cls) -> str | None:
    """The language whose names stand in for English: en_US when supported,
    else the default when it is an English variant or unset (no translations)."""
    supported = tuple(getattr(cls, "supported_languages", ()) or ())
    if "en_US" in supported:
        return "en_US"
    default = getattr(cls, "default_language", None)
    if default is None or default.startswith("en"):
        return default
    raise SystemExit(f"{cls.__name__}: no English names (supported: {supported})")


def load(country: str, subdiv: str | None, language: str | None) -> dict[dt.date, list[str]]:
    # One year of padding either side, so an observed/substitute day that
    # lands inside the window for a holiday outside it (e.g. 31 December for
    # a Saturday 1 January) is not lost; the window filter below trims it.
    # The package warns when the padding passes the years it has data for;
    # those years are trimmed anyway.
    kwargs = {
        "years": range(FIRST_YEAR - 1, LAST_YEAR + 2),
        "categories": CATEGORIES.get(country, ("public",)),
    }
    if subdiv is not None:
        kwargs["subdiv"] = subdiv
    if language is not None:
        kwargs["language"] = language
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        h = holidays.country_holidays(country, **kwargs)
    return {
        day: [n.strip() for n in h.get_list(day)]
        for day in sorted(h)
        if FIRST_YEAR <= day.year <= LAST_YEAR
    }


Names = tuple[str, str, str]  # en, zh-TW, ja


def calendar_days(
    country: str, subdiv: str | None, sources: dict[str, str | None], translate: Translator
) -> dict[dt.date, Names]:
    """One calendar's days with their names in the three catalog languages."""
    english = load(country, subdiv, sources["en"])
    per_lang = {"en": english}
    for lang, _ in LANGUAGES[1:]:
        code = sources[lang]
        if code is None:
            per_lang[lang] = {
                day: [translate(n, lang, country) for n in names] for day, names in english.items()
            }
        else:
            per_lang[lang] = load(country, subdiv, code)
    out = {}
    for day, en_names in english.items():
        texts = []
        for lang, _ in LANGUAGES:
            names = per_lang[lang].get(day)
            if names is None or len(names) != len(en_names):
                raise SystemExit(
                    f"{country} {subdiv or ''} {day}: {lang} names {names!r} do not match en {en_names!r}"
                )
            text = "; ".join(names)
            if not text:
                raise SystemExit(f"{country} {subdiv or ''} {day}: empty {lang} name")
            texts.append(text)
        out[day] = tuple(texts)
    return out


def generate(country: str, version: str, translate: Translator) -> tuple[str, int]:
    """Returns (file text, number of calendars)."""
    cls = holidays.country_holidays(country).__class__
    supported = set(getattr(cls, "supported_languages", ()) or ())
    sources: dict[str, str | None] = {"en": english_language(cls)}
    names_from = {"en": f"python-holidays {sources['en'] or 'default language'}"}
    for lang, codes in LANGUAGES[1:]:
        code = next((c for c in codes if c in supported), None)
        sources[lang] = code
        names_from[lang] = f"python-holidays {code}" if code else PROJECT

    subdivs = (
        sorted(s for s in cls.subdivisions if ISO_SUBDIVISION.match(s))
        if country in SUBDIVISIONS
        else []
    )
    calendars: dict[str, dict[dt.date, Names]] = {
        country: calendar_days(country, None, sources, translate)
    }
    for sub in subdivs:
        calendars[f"{country}-{sub}"] = calendar_days(country, sub, sources, translate)
    if subdivs:
        national = calendars[country]
        shared = set.intersection(*(set(calendars[f"{country}-{s}"]) for s in subdivs))
        for day in sorted(shared - set(national)):
            # The names most subdivisions give the day (first code on a tie).
            counts = collections.Counter(calendars[f"{country}-{s}"][day] for s in subdivs)
            national[day] = max(counts, key=lambda names: counts[names])
    codes = list(calendars)

    entries: dict[tuple[dt.date, Names], list[str]] = collections.defaultdict(list)
    for code in codes:
        for day, names in calendars[code].items():
            entries[(day, names)].append(code)

    categories = CATEGORIES.get(country, ("public",))
    left_out = sorted(set(cls.supported_categories) - set(categories))
    lines = [
        f"# Holidays of {country}"
        + (f" and its subdivisions ({country}-{subdivs[0]}, ...)" if subdivs else "")
        + f", {FIRST_YEAR}-{LAST_YEAR}.",
        "# Generated by tools/gen-holidays.py from python-holidays; do not edit by hand,",
        "# regenerate instead (see the script's docstring).",
        "# Categories: " + CATEGORY_NOTES.get(country, DEFAULT_CATEGORY_NOTE)[0],
    ]
    lines += [f"#   {note}" for note in CATEGORY_NOTES.get(country, DEFAULT_CATEGORY_NOTE)[1:]]
    if left_out:
        lines.append(
            "#   Not taken: "
            + "; ".join(f"{c} ({CATEGORY_MEANINGS[c]})" for c in left_out)
            + "."
        )
    lines += [f"# {note}" for note in HEADER_NOTES.get(country, ())]
    if subdivs:
        lines += [
            "# A day without `only` or `except` is a holiday of the country and of every",
            "# subdivision; the country's own list adds the days every subdivision observes.",
        ]
    lines += [
        f"country = {toml_str(country)}",
        "source = "
        + toml_str(
            f"python-holidays {version} (https://github.com/vacanza/holidays), "
            f"generated by tools/gen-holidays.py"
        ),
        f"years = [{FIRST_YEAR}, {LAST_YEAR}]",
        f"categories = {toml_list(categories)}",
    ]
    if subdivs:
        lines.append(f"subdivisions = {toml_list(subdivs)}")
    lines.append(
        "names_from = { "
        + ", ".join(f"{lang} = {toml_str(names_from[lang])}" for lang, _ in LANGUAGES)
        + " }"
    )

    for (day, names), where in sorted(entries.items(), key=lambda e: (e[0][0], codes.index(e[1][0]), e[0][1])):
        lines += ["", "[[day]]", f'date = "{day.isoformat()}"']
        lines.append(
            "name = { "
            + ", ".join(f"{lang} = {toml_str(text)}" for (lang, _), text in zip(LANGUAGES, names))
            + " }"
        )
        if len(where) < len(codes):
            others = [c for c in codes if c not in where]
            if len(others) < len(where):
                lines.append(f"except = {toml_list(others)}")
            else:
                lines.append(f"only = {toml_list(where)}")
    return "\n".join(lines) + "\n", len(codes)


def write_all(out: str, quiet: bool) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    translate = Translator(os.path.join(here, NAMES_FILE))
    version = metadata.version("holidays")
    os.makedirs(out, exist_ok=True)
    texts = {}
    for country in COUNTRIES:
        texts[country] = generate(country, version, translate)
    if translate.missing:
        print(
            f"tools/{NAMES_FILE} lacks zh-TW/ja names for:\n  "
            + "\n  ".join(sorted(translate.missing)),
            file=sys.stderr,
        )
        return 1
    for country, (text, calendars) in texts.items():
        path = os.path.join(out, f"{country}.toml")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        if not quiet:
            print(f"{path}: {calendars} calendars, {text.count('[[day]]')} days", file=sys.stderr)
    # A country no longer generated must not linger as a calendar nobody regenerates.
    for name in sorted(os.listdir(out)):
        if name.endswith(".toml") and name != "designated.toml" and name[:-5] not in texts:
            os.remove(os.path.join(out, name))
            print(f"removed {os.path.join(out, name)}: not in COUNTRIES", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        default=os.path.join(root, "data", "holidays"),
        help="output directory (default: data/holidays next to this tools/ dir)",
    )
    parser.add_argument("--quiet", action="store_true", help="no per-file summary")
    args = parser.parse_args(argv)
    return write_all(args.out, quiet=args.quiet)


if __name__ == "__main__":
    sys.exit(main())
