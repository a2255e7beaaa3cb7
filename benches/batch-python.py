#!/usr/bin/env python3
"""`supportbot due --batch` and the Python package businesstimedelta, side by side, on the same lines.

    python3 -m venv /tmp/btd && /tmp/btd/bin/pip install businesstimedelta==1.0.1
    cargo build --release
    /tmp/btd/bin/python benches/batch-python.py --lines 1000000 --python-lines 100000 --runs 3

Writes the input with benches/batch-lines.py (the same fixed seed, so the same lines), then, for each
run: the whole `supportbot due --batch` process on all of it (start-up and catalog load included),
and businesstimedelta on its first --python-lines lines in this process (reading, JSON parsing,
computing and formatting each line; the interpreter's start-up and the loading of the data files are
not counted). Prints lines/s for both, their ratio, the load average before each measurement, and
how many of the Python answers are the same instant as supportbot's.

What the Python side computes, from the same data files (data/targets.toml, data/regions.toml,
data/holidays/*.toml):
- business hours: WorkDayRule (the region's hours, Monday to Friday, in the customer's zone) and
  HolidayRule (the calendar's holidays, with `only`/`except` applied as the bot does, and the
  line's added dates);
- business days: the same rules, N days counted as N times the region's day length, as the bot does;
- 24x5: WorkDayRule from 00:00 to 23:59:59.999999 Monday to Friday, no holidays. A business day
  cannot end at midnight in businesstimedelta, so a deadline is 1 µs late for each midnight it
  crosses; the microseconds are dropped (every input and amount is whole seconds);
- 24x7: plain datetime arithmetic (no business rule to apply).
What it cannot express: the bot's rule for a local time inside a DST gap (moved to the gap's end;
pytz's localize picks an offset instead: no business hour of these regions falls in a gap, so it
does not arise here), the vendor's designated days (none are defined), and the warning for years
without holiday data (not computed).
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import businesstimedelta
import pytz

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
WEEKDAYS = [0, 1, 2, 3, 4]
END_OF_DAY = datetime.time(23, 59, 59, 999999)


def load_average() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def hhmm(text: str) -> datetime.time:
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


class Programme:
    """Targets, regions and holiday calendars, read from data/ as the bot reads them."""

    def __init__(self) -> None:
        targets = tomllib.loads((DATA / "targets.toml").read_text())
        self.targets = {}
        for t in targets["target"]:
            amount = (
                datetime.timedelta(minutes=t["minutes"])
                if "minutes" in t
                else datetime.timedelta(hours=t["hours"])
                if "hours" in t
                else None
            )
            self.targets[(t["plan"], t["priority"])] = (t["calendar"], amount, t.get("days"))
        regions = tomllib.loads((DATA / "regions.toml").read_text())
        self.regions = {r["id"]: r for r in regions["region"]}
        self.holiday_files = {}
        self.rules = {}

    def holidays(self, code: str) -> frozenset:
        country = code.split("-")[0]
        if country not in self.holiday_files:
            self.holiday_files[country] = tomllib.loads((DATA / "holidays" / f"{country}.toml").read_text())
        days = set()
        for day in self.holiday_files[country]["day"]:
            if "only" in day and code not in day["only"]:
                continue
            if "except" in day and code in day["except"]:
                continue
            days.add(datetime.date.fromisoformat(day["date"]))
        return frozenset(days)

    def rule(self, calendar: str, region: str, tz: str, country: str, added: tuple):
        key = (calendar, region, tz, country, added)
        rule = self.rules.get(key)
        if rule is None:
            r = self.regions[region]
            zone = pytz.timezone(tz)
            if calendar == "24x5":
                rule = businesstimedelta.WorkDayRule(
                    start_time=datetime.time(0), end_time=END_OF_DAY, working_days=WEEKDAYS, tz=zone
                )
            else:
                workday = businesstimedelta.WorkDayRule(
                    start_time=hhmm(r["opens"]), end_time=hhmm(r["closes"]), working_days=WEEKDAYS, tz=zone
                )
                days = set(added)
                if country != "none":
                    days |= self.holidays(country)
                # An empty HolidayRule fails in businesstimedelta (it looks for the next holiday
                # and finds none): without holidays the working day is the whole rule.
                rule = (
                    businesstimedelta.Rules([workday, businesstimedelta.HolidayRule(frozenset(days), tz=zone)])
                    if days
                    else workday
                )
            self.rules[key] = rule
        return rule

    def due(self, line: dict) -> str:
        calendar, amount, days = self.targets[(line["plan"], line["priority"])]
        at = datetime.datetime.strptime(line["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=pytz.utc)
        if calendar == "24x7":
            due = at + amount
        else:
            region = self.regions[line["region"]]
            if days is not None:
                day = datetime.datetime.combine(datetime.date.min, hhmm(region["closes"])) - datetime.datetime.combine(
                    datetime.date.min, hhmm(region["opens"])
                )
                amount = day * days
            rule = self.rule(
                calendar,
                line["region"],
                line.get("tz") or region["timezone"],
                line.get("country") or region["country"],
                tuple(datetime.date.fromisoformat(d) for d in line.get("holidays") or ()),
            )
            due = at + businesstimedelta.BusinessTimeDelta(rule, timedelta=amount)
            # The microsecond each 24x5 day lacks before midnight, counted back.
            due -= datetime.timedelta(microseconds=due.microsecond)
        return due.astimezone(pytz.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def python_run(programme: Programme, lines: list) -> tuple:
    answers = []
    started = time.perf_counter()
    for text in lines:
        answers.append(programme.due(json.loads(text)))
    return time.perf_counter() - started, answers


def supportbot_run(binary: Path, input_path: Path, output_path: Path) -> float:
    with open(input_path, "rb") as stdin, open(output_path, "wb") as stdout:
        started = time.perf_counter()
        subprocess.run([binary, "due", "--batch"], stdin=stdin, stdout=stdout, check=True)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="lines for supportbot")
    parser.add_argument("--python-lines", type=int, default=100_000, help="the first lines, for Python")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", type=Path, default=ROOT / "target" / "release" / "supportbot")
    parser.add_argument("--dir", type=Path, default=Path("/tmp"), help="where the input and outputs go")
    args = parser.parse_args()

    input_path = args.dir / f"batch-python-{args.lines}.jsonl"
    output_path = args.dir / f"batch-python-{args.lines}.due.jsonl"
    with open(input_path, "wb") as f:
        subprocess.run([sys.executable, ROOT / "benches" / "batch-lines.py", str(args.lines)], stdout=f, check=True)
    with open(input_path) as f:
        python_lines = [line for _, line in zip(range(args.python_lines), f)]

    programme = Programme()
    print(f"{os.cpu_count()} cores; supportbot {args.lines} lines, businesstimedelta the first {len(python_lines)}")
    print("| run | load before | supportbot | lines/s | load before | businesstimedelta | lines/s | ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for run in range(1, args.runs + 1):
        load_rust = load_average()
        rust_seconds = supportbot_run(args.binary, input_path, output_path)
        load_python = load_average()
        python_seconds, answers = python_run(programme, python_lines)
        rust_rate = args.lines / rust_seconds
        python_rate = len(python_lines) / python_seconds
        print(
            f"| {run} | {load_rust} | {rust_seconds:.3f} s | {rust_rate:,.0f} "
            f"| {load_python} | {python_seconds:.2f} s | {python_rate:,.0f} | {rust_rate / python_rate:,.0f}× |",
            flush=True,
        )

    with open(output_path) as f:
        bot = [json.loads(line).get("due") for _, line in zip(range(len(answers)), f)]
    same = sum(1 for a, b in zip(answers, bot) if a == b)
    print(f"same due instant as supportbot: {same} of {len(answers)} lines ({100 * same / len(answers):.2f}%)")
    for i, (a, b) in enumerate(zip(answers, bot)):
        if a != b:
            print(f"  first difference, line {i + 1}: {python_lines[i].strip()} -> businesstimedelta {a}, supportbot {b}")
            break


if __name__ == "__main__":
    main()
