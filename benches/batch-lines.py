#!/usr/bin/env python3
"""Writes N deadline questions as JSON lines for `supportbot due --batch` (default 1,000,000).

A fixed seed makes every run measure the same input; the mix covers every plan, priority and
region, a tenth of lines with a customer zone, a tenth with another holiday country, and a few
with added holidays.

    python3 benches/batch-lines.py 1000000 > /tmp/lines.jsonl
    time target/release/supportbot due --batch < /tmp/lines.jsonl > /tmp/due.jsonl
"""

import json
import random
import sys
from datetime import datetime, timedelta, timezone

PLANS = ["online", "business", "enterprise", "elite"]
PRIORITIES = ["p1", "p2", "p3", "p4"]
REGIONS = ["americas", "emea", "apac", "japan"]
ZONES = ["America/New_York", "Europe/Berlin", "Asia/Taipei", "Australia/Sydney"]
COUNTRIES = ["DE", "TW", "AU", "none"]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = random.Random(20261123)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    out = sys.stdout
    for _ in range(count):
        line = {
            "plan": rng.choice(PLANS),
            "priority": rng.choice(PRIORITIES),
            "region": rng.choice(REGIONS),
            "at": (start + timedelta(seconds=rng.randrange(365 * 86400))).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        roll = rng.random()
        if roll < 0.1:
            line["tz"] = rng.choice(ZONES)
        elif roll < 0.2:
            line["country"] = rng.choice(COUNTRIES)
        elif roll < 0.22:
            line["holidays"] = ["2026-12-24", "2026-12-31"]
        out.write(json.dumps(line, separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
