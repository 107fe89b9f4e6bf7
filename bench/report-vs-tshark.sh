#!/usr/bin/env bash
# End-to-end benchmark of `stormwatch report` against tshark, side by side in one run (the machines
# are noisy: compare within a run, not across runs).
#   bench/report-vs-tshark.sh [PACKETS] [RUNS] [BIG_PACKETS]
# Both tools read the same generated capture of PACKETS packets (default 1,000,000): that gives the
# ratio. Stormwatch also reads one of BIG_PACKETS (default 10,000,000; 0 to skip): that gives its
# throughput per core, since on a million packets the JVM's start-up (about 0.5 s of CPU) is most
# of the run; tshark's cost is per packet, so its rate does not depend on the size.
# Each tool is pinned to one core (taskset -c 0) so that "per core" means what it says; the JVM's
# start-up and compilation are included, as a user running the command would see them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packets="${1:-1000000}"
runs="${2:-3}"
big="${3:-10000000}"
work="$here/bench/work"
mkdir -p "$work"
cd "$here"
./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl cli,bench -am package
capture() {
  local file="$work/bench-$1.pcap"
  [ -f "$file" ] || java -cp bench/target/benchmarks.jar org.stormwatch.bench.GenerateCapture "$file" "$1" >&2
  echo "$file"
}
small=$(capture "$packets")
large=""
[ "$big" -gt 0 ] && large=$(capture "$big")
command -v tshark >/dev/null || { echo "tshark is not installed (apt-get install tshark)" >&2; exit 1; }
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
best() { echo "if ($1 == 0 || $2 < $1) $2 else $1" | bc -l; }

printf '%-10s %12s %5s %10s %16s\n' tool packets run seconds packets/s
best_sw=0; best_ts=0; best_big=0
for run in $(seq 1 "$runs"); do
  sw=$(seconds $pin ./stormwatch report --format csv --no-progress "$small")
  ts=$(seconds $pin tshark -n -r "$small" -T fields -e ip.src -e ip.dst -e tcp.dstport -e udp.dstport)
  printf '%-10s %12d %5d %10.2f %16.0f\n' stormwatch "$packets" "$run" "$sw" "$(echo "$packets / $sw" | bc -l)"
  printf '%-10s %12d %5d %10.2f %16.0f\n' tshark "$packets" "$run" "$ts" "$(echo "$packets / $ts" | bc -l)"
  best_sw=$(best "$best_sw" "$sw")
  best_ts=$(best "$best_ts" "$ts")
  if [ -n "$large" ]; then
    sb=$(seconds $pin ./stormwatch report --format csv --no-progress "$large")
    printf '%-10s %12d %5d %10.2f %16.0f\n' stormwatch "$big" "$run" "$sb" "$(echo "$big / $sb" | bc -l)"
    best_big=$(best "$best_big" "$sb")
  fi
done
printf 'best of %d on %d packets: stormwatch %.0f packets/s, tshark %.0f packets/s, ratio %.1fx\n' "$runs" "$packets" \
  "$(echo "$packets / $best_sw" | bc -l)" "$(echo "$packets / $best_ts" | bc -l)" "$(echo "$best_ts / $best_sw" | bc -l)"
if [ -n "$large" ]; then
  printf 'best of %d on %d packets: stormwatch %.0f packets/s on one core (%.2f s); ratio to tshark %.1fx\n' \
    "$runs" "$big" "$(echo "$big / $best_big" | bc -l)" "$best_big" \
    "$(echo "($big / $best_big) / ($packets / $best_ts)" | bc -l)"
fi
