#!/usr/bin/env bash
# End-to-end benchmark of `stormwatch report` on netfilter LOG lines against mawk pulling SRC= and
# DPT= out of the same file, side by side in one run (compare within a run: the machines are noisy).
#   bench/netfilter-vs-mawk.sh [LINES] [RUNS]          (needs mawk: apt-get install -y mawk)
# Both tools are pinned to one core (taskset -c 0); the JVM's start-up is included.
# SKIP_BUILD=1 uses the jars as built. BASELINE_JAR=old/stormwatch.jar adds a third row, that jar run
# by the launcher with the same options as the new one (STORMWATCH_JAR), or with BASELINE_JAVA_OPTS
# when set (before vs after in the same run).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lines="${1:-1000000}"
runs="${2:-3}"
work="$here/bench/work"
mkdir -p "$work"
cd "$here"
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl cli,bench -am package
log="$work/netfilter-$lines.log"
[ -f "$log" ] || java -cp bench/target/benchmarks.jar org.stormwatch.bench.GenerateNetfilterLog "$log" "$lines"
command -v mawk >/dev/null || { echo "mawk is not installed (apt-get install mawk)" >&2; exit 1; }
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
cat "$log" > /dev/null # the page cache serves both tools

# Wall seconds, and CPU seconds (user + system) as a second word: on a shared machine the CPU time
# is the steadier of the two.
seconds() {
  local s e
  s=$(date +%s.%N)
  /usr/bin/time -o "$work/time.txt" -f '%U %S' "$@" >/dev/null 2>&1
  e=$(date +%s.%N)
  echo "$(echo "$e - $s" | bc -l) $(awk '{ print $1 + $2 }' "$work/time.txt")"
}
awk_prog='{ src = ""; dpt = ""
  for (i = 1; i <= NF; i++) {
    if (substr($i, 1, 4) == "SRC=") src = substr($i, 5)
    else if (substr($i, 1, 4) == "DPT=") { dpt = substr($i, 5); break }
  }
  if (src != "") n[dpt]++ }
END { for (p in n) print p, n[p] }'

printf '%-10s %5s %10s %16s %10s %16s\n' tool run seconds lines/s cpu-s lines/cpu-s
best_sw=0; best_awk=0; cpu_sw=0; cpu_awk=0
for run in $(seq 1 "$runs"); do
  read -r sw swc < <(seconds $pin ./stormwatch report --format csv --no-progress "$log")
  read -r aw awc < <(seconds $pin mawk "$awk_prog" "$log")
  if [ -n "${BASELINE_JAR:-}" ]; then
    read -r bw bwc < <(seconds $pin env STORMWATCH_JAR="$BASELINE_JAR" ${BASELINE_JAVA_OPTS:+STORMWATCH_JAVA_OPTS="$BASELINE_JAVA_OPTS"} \
      ./stormwatch report --format csv --no-progress "$log")
    printf '%-10s %5d %10.2f %16.0f %10.2f %16.0f\n' baseline "$run" "$bw" "$(echo "$lines / $bw" | bc -l)" \
      "$bwc" "$(echo "$lines / $bwc" | bc -l)"
  fi
  printf '%-10s %5d %10.2f %16.0f %10.2f %16.0f\n' stormwatch "$run" "$sw" "$(echo "$lines / $sw" | bc -l)" \
    "$swc" "$(echo "$lines / $swc" | bc -l)"
  printf '%-10s %5d %10.2f %16.0f %10.2f %16.0f\n' mawk "$run" "$aw" "$(echo "$lines / $aw" | bc -l)" \
    "$awc" "$(echo "$lines / $awc" | bc -l)"
  best_sw=$(echo "if ($best_sw == 0 || $sw < $best_sw) $sw else $best_sw" | bc -l)
  best_awk=$(echo "if ($best_awk == 0 || $aw < $best_awk) $aw else $best_awk" | bc -l)
  cpu_sw=$(echo "if ($cpu_sw == 0 || $swc < $cpu_sw) $swc else $cpu_sw" | bc -l)
  cpu_awk=$(echo "if ($cpu_awk == 0 || $awc < $cpu_awk) $awc else $cpu_awk" | bc -l)
done
printf 'best of %d: stormwatch %.0f lines/s on one core, mawk %.0f lines/s, ratio %.1fx\n' "$runs" \
  "$(echo "$lines / $best_sw" | bc -l)" "$(echo "$lines / $best_awk" | bc -l)" "$(echo "$best_awk / $best_sw" | bc -l)"
printf 'by CPU time, best of %d: stormwatch %.0f lines per CPU second, mawk %.0f, ratio %.1fx\n' "$runs" \
  "$(echo "$lines / $cpu_sw" | bc -l)" "$(echo "$lines / $cpu_awk" | bc -l)" "$(echo "$cpu_awk / $cpu_sw" | bc -l)"
