#!/usr/bin/env bash
# CPU seconds per thread name of one command (JIT compiler threads, jdx-layer-scan, jdx-index, main = "java", GC =
# "VMThread", ...), read from /proc/PID/task/*/stat every 50 ms until it exits:
#   bench/threadcpu.sh ./jdx inspect -q --index /tmp/i IMAGE
# Shows where a one-shot JVM spends its CPU (on L, a third of it compiling). The sampling itself costs a little CPU.
set -u
shopt -s extglob
"$@" >/dev/null 2>&1 &
pid=$!
declare -A last
while kill -0 "$pid" 2>/dev/null; do
  for t in /proc/"$pid"/task/*; do
    read -r line < "$t/stat" 2>/dev/null || continue
    read -r name < "$t/comm" 2>/dev/null || continue
    name=${name// /}; name=${name%%+([0-9])}
    set -- ${line##*) }
    last["${t##*/}:$name"]=$(( ${12} + ${13} ))
  done
  sleep 0.05
done
for k in "${!last[@]}"; do echo "${k#*:} ${last[$k]}"; done |
  awk '{s[$1] += $2; tot += $2} END {for (k in s) printf "%8.2f s %s\n", s[k] / 100, k; printf "%8.2f s TOTAL\n", tot / 100}' | sort -rn
