#!/bin/sh
# A job's network test against netperf-peer: an iperf3 server on the peer (started through the pair's ssh alias),
# a 2-second TCP test from this client, the server's own report fetched back (--get-server-output), so the result
# file holds both counts. Needs NETPERF_PEER_SSH_CONFIG (set by 'netperf run' and by the runner's .env that
# 'netperf provision' writes) and iperf3 on both machines (provision/run with --tool iperf3).
# Usage: tcp-test.sh RESULT.json
set -eu
out=${1:?usage: tcp-test.sh RESULT.json}
cfg=${NETPERF_PEER_SSH_CONFIG:?not on a Netperf pair client: NETPERF_PEER_SSH_CONFIG is not set}
host=${NETPERF_PEER_HOST:-$(awk '$1=="HostName"{print $2; exit}' "$cfg")}
port=$((20000 + $$ % 20000))
mkdir -p "$(dirname "$out")"
# The server forks before it listens, so the client retries; --idle-timeout ends a server no client reached.
ssh -F "$cfg" netperf-peer "iperf3 -s -1 -D -J --idle-timeout 30 -p $port"
i=0
# iperf3 -J exits 0 even when it cannot connect: its JSON's "error" member is what tells.
until iperf3 -c "$host" -p "$port" -t 2 -J --get-server-output > "$out.tmp" 2>/dev/null && ! grep -q '"error":' "$out.tmp"; do
  i=$((i + 1))
  if [ "$i" -ge 50 ]; then echo "iperf3 could not reach netperf-peer ($host:$port)" >&2; cat "$out.tmp" >&2; exit 1; fi
  sleep 0.1
done
mv "$out.tmp" "$out"
echo "TCP test against netperf-peer ($host:$port) written to $out"
