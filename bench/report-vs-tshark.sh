#!/usr/bin/env bash
# End-to-end benchmark of `stormwatch report` against tshark, side by side in one run (the machines
# are noisy: compare within a run, not across runs).
#   bench/report-vs-tshark.sh [PACKETS] [RUNS] [BIG_PACKETS]
# Both tools read the same generated capture of PACKETS packets (default 1,000,000), and the same
# one of BIG_PACKETS packets (default 10,000,000; 0 to skip): every ratio printed is of the two
# tools on the same file. The big file gives Stormwatch's throughput per core, since on a million
# packets the JVM's start-up (about 0.4 s of CPU) is much of the run; tshark needs about four
# minutes a run for ten million packets. TSHARK_BIG=0 skips tshark on the big file (then no ratio
# is printed for it).
# Each tool is pinned to one core (taskset -c 0) so that "per core" means what it says; the JVM's
# start-up and compilation are included, as a user running the command would see them. Wall and
# CPU seconds (user + system) are both printed: on a shared machine the CPU time is the steadier.
# SKIP_BUILD=1 uses the jars as built. BASELINE_JAR=old/stormwatch.jar adds a row, that jar run by
# the launcher with the launcher's options (STORMWATCH_JAR), or with BASELINE_JAVA_OPTS when set.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packets="${1:-1000000}"
runs="${2:-3}"
big="${3:-10000000}"
work="$here/bench/work"
mkdir -p "$work"
cd "$here"
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl cli,bench -am package
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
tshark_big="${TSHARK_BIG:-1}"
cat "$small" ${large:+"$large"} >/dev/null # the page cache serves every tool

# Wall seconds, then CPU seconds (user + system).
seconds() {
  local s e
  s=$(date +%s.%N)
  /usr/bin/time -o "$work/time.txt" -f '%U %S' "$@" >/dev/null 2>&1
  e=$(date +%s.%N)
  echo "$(echo "$e - $s" | bc -l) $(awk '{ print $1 + $2 }' "$work/time.txt")"
}
best() { echo "if ($1 == 0 || $2 < $1) $2 else $1" | bc -l; }
row() { # tool packets run wall cpu
  printf '%-10s %12d %5d %10.2f %14.0f %8.2f %16.0f\n' "$1" "$2" "$3" "$4" "$(echo "$2 / $4" | bc -l)" \
    "$5" "$(echo "$2 / $5" | bc -l)"
}
declare -A wall cpu
# One file, every tool, one run; keeps the best wall and CPU time per tool and file.
measure() { # label file packets run
  local w c
  read -r w c < <(seconds $pin ./stormwatch report --format csv --no-progress "$2")
  row stormwatch "$3" "$4" "$w" "$c"
  wall[sw$1]=$(best "${wall[sw$1]:-0}" "$w"); cpu[sw$1]=$(best "${cpu[sw$1]:-0}" "$c")
  if [ -n "${BASELINE_JAR:-}" ]; then
    read -r w c < <(seconds $pin env STORMWATCH_JAR="$BASELINE_JAR" ${BASELINE_JAVA_OPTS:+STORMWATCH_JAVA_OPTS="$BASELINE_JAVA_OPTS"} \
      ./stormwatch report --format csv --no-progress "$2")
    row baseline "$3" "$4" "$w" "$c"
    wall[base$1]=$(best "${wall[base$1]:-0}" "$w"); cpu[base$1]=$(best "${cpu[base$1]:-0}" "$c")
  fi
  if [ "$1" = small ] || [ "$tshark_big" != 0 ]; then
    read -r w c < <(seconds $pin tshark -n -r "$2" -T fields -e ip.src -e ip.dst -e tcp.dstport -e udp.dstport)
    row tshark "$3" "$4" "$w" "$c"
    wall[ts$1]=$(best "${wall[ts$1]:-0}" "$w"); cpu[ts$1]=$(best "${cpu[ts$1]:-0}" "$c")
  fi
}
summary() { # label packets
  printf 'best of %d on the same %d-packet file: stormwatch %.0f packets/s (%.2f s wall, %.2f CPU s)' \
    "$runs" "$2" "$(echo "$2 / ${wall[sw$1]}" | bc -l)" "${wall[sw$1]}" "${cpu[sw$1]}"
  if [ -n "${BASELINE_JAR:-}" ]; then
    printf ', baseline %.0f packets/s (%.2f s, %.2f CPU s)' "$(echo "$2 / ${wall[base$1]}" | bc -l)" \
      "${wall[base$1]}" "${cpu[base$1]}"
  fi
  if [ -n "${wall[ts$1]:-}" ]; then
    printf ', tshark %.0f packets/s (%.2f s, %.2f CPU s): stormwatch is %.1fx tshark by wall time, %.1fx by CPU time\n' \
      "$(echo "$2 / ${wall[ts$1]}" | bc -l)" "${wall[ts$1]}" "${cpu[ts$1]}" \
      "$(echo "${wall[ts$1]} / ${wall[sw$1]}" | bc -l)" "$(echo "${cpu[ts$1]} / ${cpu[sw$1]}" | bc -l)"
  else
    printf '; tshark not run on this file (TSHARK_BIG=0), so no ratio\n'
  fi
}

printf '%-10s %12s %5s %10s %14s %8s %16s\n' tool packets run seconds packets/s cpu-s packets/cpu-s
for run in $(seq 1 "$runs"); do
  measure small "$small" "$packets" "$run"
  [ -z "$large" ] || measure big "$large" "$big" "$run"
done
summary small "$packets"
[ -z "$large" ] || summary big "$big"
