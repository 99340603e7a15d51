#!/usr/bin/env bash
# Start-up time of `./hallmark serve` on an initialized data directory, with the bare JVM as the reference.
#   JAVA_HOME=/path/to/jdk bench/startup.sh [RUNS] [--aot]     (default 10 runs)
# Builds once if needed, initializes a fresh data directory with one first start, then RUNS times, interleaved:
#   java -version                  the bare JVM start of the same JDK (the reference)
#   ./hallmark --version           the launcher (which probes the JDK with one more JVM) and the CLI, no server
#   ./hallmark serve ... -> ready  wall time from launching the command to its "Hallmark is ready" line on stdout,
#                                  then SIGTERM and wait; also the server's own "ready (N ms)" figure
# With --aot (JDK 25 or newer), also trains an AOT cache (JEP 483/514: -XX:AOTCacheOutput) on one more start and
# measures `./hallmark serve` with -XX:AOTCache in the same loop, to show what such a cache would save.
# Prints min / median / max of each in milliseconds. HALLMARK_JAVA_OPTS is passed through to ./hallmark, so options
# such as an AppCDS archive can be compared: HALLMARK_JAVA_OPTS='-XX:SharedArchiveFile=...' bench/startup.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=${1:-10}
aot=${2:-}
: "${JAVA_HOME:?set JAVA_HOME to the JDK ./hallmark runs with, e.g. /usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
java="$JAVA_HOME/bin/java"

work=$(mktemp -d /tmp/hallmark-startup-XXXXXX)
trap 'rm -rf "$work"' EXIT
data="$work/data"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# serve_once LOG [JAVA_OPTS]: starts the server, echoes "WALL_MS SERVER_MS" when it is ready, stops it with SIGTERM
serve_once() {
  local log=$1 opts="${HALLMARK_JAVA_OPTS:-} ${2:-}" fifo="$work/out.fifo" line start end server_ms=""
  rm -f "$fifo"; mkfifo "$fifo"
  start=$(now_ms)
  HALLMARK_SKIP_BUILD=1 HALLMARK_JAVA_OPTS="$opts" "$root/hallmark" serve --data "$data" --api-port 0 --device-port "${HALLMARK_BENCH_DEVICE_PORT:-18444}" --mqtt-port 0 --pki-http-port "${HALLMARK_BENCH_PKI_PORT:-18080}" \
    >"$fifo" 2>&1 &
  local pid=$!
  exec 3<"$fifo"
  while :; do
    if ! IFS= read -r -t 60 line <&3; then
      echo "startup.sh: the server stopped or took over 60 s before it was ready; its output:" >&2
      cat "$log" >&2; kill -TERM "$pid" 2>/dev/null || true; exit 1
    fi
    echo "$line" >>"$log"
    if [[ $line == "Hallmark is ready"* ]]; then
      end=$(now_ms)
      server_ms=$(sed -n 's/^Hallmark is ready (\([0-9]*\) ms).*/\1/p' <<<"$line")
      break
    fi
  done
  cat <&3 >>"$log" &   # keep draining, so the server's shutdown lines do not block on a full pipe
  local drain=$!
  kill -TERM "$pid"
  wait "$pid" || true
  wait "$drain" || true
  exec 3<&-
  echo "$(( end - start )) $server_ms"
}

time_ms() { # time_ms CMD...: wall time of CMD in ms, output discarded
  local start; start=$(now_ms)
  "$@" >/dev/null 2>&1
  echo $(( $(now_ms) - start ))
}

stats() { # stats VALUES...: min median max
  sort -n <<<"$(printf '%s\n' "$@")" | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%6d %7d %6d", v[1], m, v[NR]}'
}

"$root/hallmark" --version >/dev/null   # builds once if sources changed
first=$(serve_once "$work/first.log")
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)"
echo "jdk:     $("$java" -version 2>&1 | head -n1)"
echo "java options: ${HALLMARK_JAVA_OPTS:-(none)}"
echo "first start (initializes the data directory): ${first% *} ms wall, ${first#* } ms in the server"

if [ "$aot" = "--aot" ]; then
  trained=$(serve_once "$work/aot-training.log" "-XX:AOTCacheOutput=$work/hallmark.aot")
  [ -f "$work/hallmark.aot" ] || { echo "startup.sh: no AOT cache was written (JDK 25 or newer?)" >&2; exit 1; }
  echo "AOT training start: ${trained% *} ms wall; cache $(( $(stat -c %s "$work/hallmark.aot") / 1048576 )) MiB"
fi

jvm=(); probe=(); cli=(); wall=(); server=(); aot_wall=(); aot_server=()
for ((i = 1; i <= runs; i++)); do
  jvm+=("$(time_ms "$java" -version)")
  probe+=("$(time_ms "$java" -XshowSettings:properties -version)")
  cli+=("$(time_ms env HALLMARK_SKIP_BUILD=1 "$root/hallmark" --version)")
  r=$(serve_once "$work/run-$i.log")
  wall+=("${r% *}"); server+=("${r#* }")
  if [ "$aot" = "--aot" ]; then
    r=$(serve_once "$work/aot-run-$i.log" "-XX:AOTCache=$work/hallmark.aot")
    aot_wall+=("${r% *}"); aot_server+=("${r#* }")
  fi
done

printf '%-58s %6s %7s %6s\n' "ms over $runs runs" min median max
printf '%-58s %s\n' "java -version (reference: bare JVM)" "$(stats "${jvm[@]}")"
printf '%-58s %s\n' "java -XshowSettings:properties -version (launcher probe)" "$(stats "${probe[@]}")"
printf '%-58s %s\n' "./hallmark --version (launcher + CLI)" "$(stats "${cli[@]}")"
printf '%-58s %s\n' "./hallmark serve, launch to 'Hallmark is ready'" "$(stats "${wall[@]}")"
printf '%-58s %s\n' "  of which HallmarkServer.start (its own figure)" "$(stats "${server[@]}")"
if [ "$aot" = "--aot" ]; then
  printf '%-58s %s\n' "./hallmark serve with -XX:AOTCache, launch to ready" "$(stats "${aot_wall[@]}")"
  printf '%-58s %s\n' "  of which HallmarkServer.start (its own figure)" "$(stats "${aot_server[@]}")"
fi
