#!/usr/bin/env bash
# End-to-end benchmark of `stormwatch report` on DShield tab-separated lines against mawk counting
# the destination-port column of the same file, side by side in one run, each pinned to one core
# (taskset -c 0), the JVM's start-up included. The file is the simulator's port137-2002 preset
# written as DShield lines (scale 0.1: 1,111,064 lines, 81 MB).
#   bench/dshield-vs-mawk.sh [SCALE] [RUNS]            (needs mawk: apt-get install -y mawk)
# SKIP_BUILD=1 uses the jars as built. BASELINE_JAR=old/stormwatch.jar adds a row for that jar,
# run the way the launcher runs the new one.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scale="${1:-0.1}"
runs="${2:-3}"
work="$here/bench/work"
mkdir -p "$work"
cd "$here"
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl cli -am package
log="$work/dshield-$scale.log"
[ -f "$log" ] || ./stormwatch simulate --preset port137-2002 --scale "$scale" --format dshield --out "$log"
lines=$(wc -l < "$log")
command -v mawk >/dev/null || { echo "mawk is not installed (apt-get install mawk)" >&2; exit 1; }
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
cat "$log" > /dev/null # the page cache serves every tool

# Wall seconds, and CPU seconds (user + system) as a second word.
seconds() {
  local s e
  s=$(date +%s.%N)
  /usr/bin/time -o "$work/time.txt" -f '%U %S' "$@" >/dev/null 2>&1
  e=$(date +%s.%N)
  echo "$(echo "$e - $s" | bc -l) $(awk '{ print $1 + $2 }' "$work/time.txt")"
}
row() {
  printf '%-10s %5d %10.2f %16.0f %10.2f %16.0f\n' "$1" "$2" "$3" "$(echo "$lines / $3" | bc -l)" \
    "$4" "$(echo "$lines / $4" | bc -l)"
}

echo "$lines DShield lines in $log"
printf '%-10s %5s %10s %16s %10s %16s\n' tool run seconds lines/s cpu-s lines/cpu-s
for run in $(seq 1 "$runs"); do
  if [ -n "${BASELINE_JAR:-}" ]; then
    read -r bw bwc < <(seconds $pin env STORMWATCH_JAR="$BASELINE_JAR" ${BASELINE_JAVA_OPTS:+STORMWATCH_JAVA_OPTS="$BASELINE_JAVA_OPTS"} \
      ./stormwatch report --format csv --no-progress "$log")
    row baseline "$run" "$bw" "$bwc"
  fi
  read -r sw swc < <(seconds $pin ./stormwatch report --format csv --no-progress "$log")
  row stormwatch "$run" "$sw" "$swc"
  read -r aw awc < <(seconds $pin mawk -F'\t' '{ n[$7]++ } END { for (p in n) print p, n[p] }' "$log")
  row mawk "$run" "$aw" "$awc"
done
