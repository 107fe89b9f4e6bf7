#!/bin/sh
# End-to-end netfilter log throughput: Stormwatch's core log path against mawk pulling SRC and DPT.
# Generates a netfilter LOG file (default 1,000,000 lines), then times
#   1. mawk extracting SRC= and DPT= from every line and counting lines per port, and
#   2. org.stormwatch.bench.LogThroughput reading it through LogInputs (detection, parsing,
#      probes per port), single-threaded.
# Usage: bench/netfilter-vs-mawk.sh [LINES] [FILE]   (needs mawk: apt-get install -y mawk)
set -eu
cd "$(dirname "$0")/.."
LINES=${1:-1000000}
FILE=${2:-${TMPDIR:-/tmp}/stormwatch-netfilter-$LINES.log}
./mvnw -B -q -pl core,bench package -DskipTests -Dspotless.check.skip=true
JAR=bench/target/benchmarks.jar
if [ ! -f "$FILE" ]; then
  java -cp "$JAR" org.stormwatch.bench.GenerateNetfilterLog "$FILE" "$LINES"
fi
echo "file: $FILE ($(wc -l < "$FILE") lines, $(du -h "$FILE" | cut -f1))"
cat "$FILE" > /dev/null  # warm the page cache for both readers
echo "== mawk (SRC and DPT per line, lines per port)"
/usr/bin/time -f "mawk: %e s elapsed, %U s user, %M KB max RSS" mawk '
  { src = ""; dpt = ""
    for (i = 1; i <= NF; i++) {
      if (substr($i, 1, 4) == "SRC=") src = substr($i, 5)
      else if (substr($i, 1, 4) == "DPT=") { dpt = substr($i, 5); break }
    }
    if (src != "") n[dpt]++ }
  END { for (p in n) k++; print NR " lines, " k " ports" }' "$FILE"
echo "== stormwatch core (LogInputs, one thread)"
/usr/bin/time -f "java: %e s elapsed, %U s user, %M KB max RSS" \
  java -XX:ActiveProcessorCount=1 -Xmx512m -cp "$JAR" org.stormwatch.bench.LogThroughput "$FILE" 5
