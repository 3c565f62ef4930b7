#!/usr/bin/env python3
"""compare.py A.json B.json: the two benchmark documents agree (scoring.md section 12): every
number within 1e-9 * max(|a|, |b|, 1), every null null, every string equal. Exit 1 on the first
differences (up to 10 printed)."""
import json
import sys


def walk(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}.{key}: only in {'B' if key not in a else 'A'}")
            else:
                walk(a[key], b[key], f"{path}.{key}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items vs {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]", out)
    elif isinstance(a, bool) or isinstance(b, bool) or a is None or b is None or isinstance(a, str):
        if a != b:
            out.append(f"{path}: {a!r} vs {b!r}")
    elif abs(a - b) > 1e-9 * max(abs(a), abs(b), 1):
        out.append(f"{path}: {a!r} vs {b!r}")


differences = []
with open(sys.argv[1]) as fa, open(sys.argv[2]) as fb:
    walk(json.load(fa), json.load(fb), "$", differences)
for line in differences[:10]:
    print(line)
print(f"{len(differences)} difference(s)")
sys.exit(1 if differences else 0)
