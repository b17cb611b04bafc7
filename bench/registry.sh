#!/usr/bin/env bash
# Registry benchmark (issue 4): `jdx inspect REF` (pull + full inspect, empty blob cache) against `skopeo copy
# docker://REF oci:DIR` (pull only) of the same image from a real docker-registry on 127.0.0.1, in one run; the
# jdx commands also on the warm server.
# bench/registry.sh [S|M|L] [tls]  (default M, plain HTTP). With tls the registry serves HTTPS with a throwaway CA
# that jdx (--ca-cert) and skopeo (--src-cert-dir) trust, as a real registry would be reached.
# Needs: docker-registry, skopeo, hyperfine (Debian packages), and openssl for tls.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$here"
size=${1:-M}
tls=${2:-}
runs=${BENCH_RUNS:-3}
for t in docker-registry skopeo hyperfine; do
  command -v "$t" >/dev/null || { echo "bench: $t is missing (apt-get install docker-registry skopeo hyperfine)" >&2; exit 3; }
done
[ -f cli/target/jdx.jar ] || mvn -B -q -pl cli -am install -DskipTests
img=bench/target/$size/docker-gzip.tar
if [ ! -f "$img" ]; then
  java=$(for c in ${JAVA_HOME:+$JAVA_HOME/bin/java} /usr/lib/jvm/*/bin/java; do
    [ -x "$c" ] && "$c" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])' && { echo "$c"; break; }; done)
  "$java" bench/BenchImages.java "$size" "bench/target/$size"
fi
tmp=$(mktemp -d /tmp/jdx-regbench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tlsconf=""
jdxtls=""
skopeotls="--src-tls-verify=false"
if [ "$tls" = tls ]; then
  mkdir -p "$tmp/certs"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/key.pem" -out "$tmp/certs/ca.crt" -days 2 -subj /CN=127.0.0.1 \
    -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
  tlsconf=", tls: {certificate: $tmp/certs/ca.crt, key: $tmp/key.pem}"
  jdxtls="--ca-cert $tmp/certs/ca.crt"
  skopeotls="--src-cert-dir $tmp/certs"
fi
cat > "$tmp/config.yml" <<YML
version: 0.1
storage: {filesystem: {rootdirectory: $tmp/data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port$tlsconf}
log: {level: error}
YML
docker-registry serve "$tmp/config.yml" > "$tmp/registry.log" 2>&1 &
pid=$!
trap 'pkill -f -- "-Djdx.warm.socket=$tmp/run" || true; kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do curl -fsk "http${tls:+s}://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
ref=127.0.0.1:$port/bench/$(echo "$size" | tr 'A-Z' 'a-z'):1
skopeo copy -q --dest-tls-verify=false "docker-archive:$img" "docker://$ref"
mb=$(( $(stat -c %s "$img") / 1048576 ))
# the same inspects on the warm server (its first run, a warm-up, starts it); hyperfine puts a variable of random
# length into each run's environment, and servers are keyed by the environment
mkdir -p "$tmp/run"
warm="env -u HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET JDX_WARM=1 XDG_RUNTIME_DIR=$tmp/run"
hyperfine -w 1 -r "$runs" --export-csv "$tmp/r.csv" \
  -p "rm -rf $tmp/oci $tmp/cache $tmp/idx" \
  -n "skopeo copy (pull only)" "skopeo copy -q $skopeotls docker://$ref oci:$tmp/oci:x" \
  -n "jdx inspect (pull + scan + hash + analysis + index)" "./jdx inspect -q $jdxtls --cache $tmp/cache --index $tmp/idx $ref" \
  -n "jdx inspect --no-index --no-hash" "./jdx inspect -q $jdxtls --cache $tmp/cache --no-index --no-hash $ref" \
  -n "warm server: jdx inspect (pull + scan + hash + analysis + index)" "$warm ./jdx inspect -q $jdxtls --cache $tmp/cache --index $tmp/idx $ref" \
  -n "warm server: jdx inspect --no-index --no-hash" "$warm ./jdx inspect -q $jdxtls --cache $tmp/cache --no-index --no-hash $ref" >&2
awk -F, -v mb="$mb" -v size="$size" -v tls="${tls:+ over TLS}" 'NR==1 {next} {name[NR]=$1; med[NR]=$4} END {
  printf "| %s image (%d MB gzip) from a local registry%s | median s | ratio to skopeo copy |\n|---|---:|---:|\n", size, mb, tls
  for (i = 2; i <= NR; i++) printf "| %s | %.2f | %.2f |\n", name[i], med[i], med[i] / med[2] }' "$tmp/r.csv" | tee bench/target/registry-$size${tls:+-tls}.md
