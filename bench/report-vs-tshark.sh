#!/usr/bin/env bash
# End-to-end benchmark of `stormwatch report` against tshark on the same generated capture, side by
# side in one run (the machines are noisy: compare within a run, not across runs).
#   bench/report-vs-tshark.sh [PACKETS] [RUNS]
# Each tool is pinned to one core (taskset -c 0) so that "per core" means what it says; the JVM's
# start-up and compilation are included, as a user running the command would see them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packets="${1:-2000000}"
runs="${2:-3}"
work="$here/bench/work"
mkdir -p "$work"
cd "$here"
./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl cli,bench -am package
capture="$work/bench-$packets.pcap"
[ -f "$capture" ] || java -cp bench/target/benchmarks.jar org.stormwatch.bench.GenerateCapture "$capture" "$packets"
command -v tshark >/dev/null || { echo "tshark is not installed (apt-get install tshark)" >&2; exit 1; }
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }

printf '%-10s %5s %10s %16s\n' tool run seconds packets/s
best_sw=0; best_ts=0
for run in $(seq 1 "$runs"); do
  sw=$(seconds $pin ./stormwatch report --format csv --no-progress "$capture")
  ts=$(seconds $pin tshark -n -r "$capture" -T fields -e ip.src -e ip.dst -e tcp.dstport -e udp.dstport)
  printf '%-10s %5d %10.2f %16.0f\n' stormwatch "$run" "$sw" "$(echo "$packets / $sw" | bc -l)"
  printf '%-10s %5d %10.2f %16.0f\n' tshark "$run" "$ts" "$(echo "$packets / $ts" | bc -l)"
  best_sw=$(echo "if ($best_sw == 0 || $sw < $best_sw) $sw else $best_sw" | bc -l)
  best_ts=$(echo "if ($best_ts == 0 || $ts < $best_ts) $ts else $best_ts" | bc -l)
done
printf 'best of %d: stormwatch %.0f packets/s on one core, tshark %.0f packets/s, ratio %.1fx\n' "$runs" \
  "$(echo "$packets / $best_sw" | bc -l)" "$(echo "$packets / $best_ts" | bc -l)" "$(echo "$best_ts / $best_sw" | bc -l)"
