#!/bin/sh
# Writes the NBNS golden files: for every capture in ../shared/data/real/pcap/ that holds NBNS,
# what tshark shows of each NBNS message, to core/src/test/resources/golden/nbns/CAPTURE.tsv:
#   # frames N                        (how many frames tshark read)
#   frame.number <TAB> nbns.id <TAB> nbns.flags <TAB> nbns.name <TAB> nbns.type
# (a field that occurs more than once holds its values joined by commas).
# NbnsRealCaptureTest compares the decoder with these files, and with tshark itself where tshark is
# installed. Needs tshark (Debian package tshark).
# Usage: scripts/nbns-golden.sh [CAPTURE_DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
captures=${1:-$here/../shared/data/real/pcap}
out=$here/core/src/test/resources/golden/nbns
command -v tshark >/dev/null || { echo "tshark is not installed (apt-get install tshark)" >&2; exit 1; }
mkdir -p "$out"
for capture in "$captures"/*.pcap "$captures"/*.pcapng; do
  [ -f "$capture" ] || continue
  name=$(basename "$capture")
  rows=$(tshark -r "$capture" -Y nbns -T fields \
    -e frame.number -e nbns.id -e nbns.flags -e nbns.name -e nbns.type 2>/dev/null)
  if [ -z "$rows" ]; then
    rm -f "$out/$name.tsv"
    continue
  fi
  frames=$(tshark -r "$capture" -T fields -e frame.number 2>/dev/null | wc -l)
  { echo "# frames $frames"; echo "$rows"; } > "$out/$name.tsv"
  echo "$name: $(echo "$rows" | wc -l) NBNS messages" >&2
done
