"""Parse every charter in the given folders with libyaml and do nothing else: the floor any YAML checker in
Python pays, which `bench.py` reports `svcstd check` against.

    python bench/parse_only.py FOLDER...
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def main() -> None:
    count = 0
    for folder in sys.argv[1:]:
        for path in sorted(Path(folder).glob("*.yaml")):
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
            count += 1
    print(count)


if __name__ == "__main__":
    main()
