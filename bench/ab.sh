#!/usr/bin/env bash
# A/B of two jdx builds on one command, interleaved so that a machine whose speed drifts affects both alike:
#   bench/ab.sh OTHER_CHECKOUT ROUNDS JDX_ARGS...
# runs OTHER_CHECKOUT/jdx ("base", e.g. a `git worktree` of an older commit, built with
# `mvn -B -q -pl cli -am package -DskipTests`) and this checkout's ./jdx ("new") ROUNDS times each, alternating,
# wiping /tmp/jdx-ab-index before every run (pass `--index /tmp/jdx-ab-index` to time indexing from empty),
# then prints the median wall time, CPU time (user + sys) and peak RSS of each. Needs /usr/bin/time and python3.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: bench/ab.sh OTHER_CHECKOUT ROUNDS JDX_ARGS..." >&2; exit 2; }
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
base=$(cd "$1" && pwd); rounds=$2; shift 2
log=$(mktemp /tmp/jdx-ab.XXXXXX)
trap 'rm -f "$log" "$log.t"' EXIT
for _ in $(seq "$rounds"); do
  for v in base new; do
    j=$here/jdx; [ $v = base ] && j=$base/jdx
    rm -rf /tmp/jdx-ab-index
    /usr/bin/time -f "%e %U %S %M" -o "$log.t" "$j" "$@" >/dev/null 2>&1 </dev/null || true
    echo "$v $(cat "$log.t")" >> "$log"
  done
done
python3 - "$log" <<'PY'
import sys, statistics as st
rows = [l.split() for l in open(sys.argv[1])]
for v in ("base", "new"):
    r = [x for x in rows if x[0] == v]
    w = [float(x[1]) for x in r]; c = [float(x[2]) + float(x[3]) for x in r]; m = [int(x[4]) / 1024 for x in r]
    print(f"{v:5s} wall median {st.median(w):.2f} s (min {min(w):.2f}, max {max(w):.2f})  "
          f"cpu median {st.median(c):.2f} s  peak RSS median {st.median(m):.0f} MiB")
PY
