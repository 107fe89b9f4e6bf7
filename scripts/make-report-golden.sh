#!/usr/bin/env bash
# Writes the golden port reports of the real captures in ../shared/data/real/pcap/ from tshark's
# dissection (scripts/tshark_report.py), for the tests that run where tshark is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$here/../shared/data/real/pcap}"
out="$here/core/src/test/resources/golden/report"
mkdir -p "$out"
command -v tshark >/dev/null || { echo "tshark is not installed (apt-get install tshark)" >&2; exit 1; }
for f in "$data"/*.pcap "$data"/*.pcapng; do
  [ -e "$f" ] || continue
  for bucket in 1d 1h; do
    python3 "$here/scripts/tshark_report.py" --bucket "$bucket" "$f" > "$out/$(basename "$f").$bucket.csv"
  done
  echo "$(basename "$f")"
done
