#!/usr/bin/env bash
# CPU and wall time of one OpenSSH connection on loopback per key exchange: a private sshd (this user, ed25519 host key,
# the sftp subsystem in-process so no login shell runs), N connections per key exchange, the key exchanges alternated
# round by round. CPU is the whole machine's busy time from /proc/stat (ssh, sshd and its per-connection re-exec), so
# run it on a quiet machine (flock /tmp/netperf-integration.lock bash eng/bench-ssh-kex.sh). Prints per key exchange
# the median over the rounds and its ratio to the first one.
# Usage: eng/bench-ssh-kex.sh [--rounds R] [--connections N] [KEX...]
#   eng/bench-ssh-kex.sh                       # curve25519-sha256 ecdh-sha2-nistp256, 5 rounds of 40
#   eng/bench-ssh-kex.sh --rounds 1 --connections 5 curve25519-sha256 ecdh-sha2-nistp256 sntrup761x25519-sha512@openssh.com
set -euo pipefail
rounds=5 connections=40 kexes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) kexes+=("$1"); shift ;;
  esac
done
[ ${#kexes[@]} -gt 0 ] || kexes=(curve25519-sha256 ecdh-sha2-nistp256)
sshd="$(command -v sshd || echo /usr/sbin/sshd)"
[ -x "$sshd" ] || { echo "bench-ssh-kex needs sshd (openssh-server)" >&2; exit 2; }

work="$(mktemp -d)"
trap '[ -f "$work/sshd.pid" ] && kill "$(cat "$work/sshd.pid")" 2>/dev/null; rm -rf "$work"' EXIT
ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/client_key"
cp "$work/client_key.pub" "$work/authorized_keys"
port=""
for candidate in $(seq 42200 42299); do
  cat > "$work/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $candidate
HostKey $work/host_key
AuthorizedKeysFile $work/authorized_keys
PidFile $work/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
EOF
  if "$sshd" -f "$work/sshd_config" -E "$work/sshd.log"; then
    for _ in $(seq 50); do [ -s "$work/sshd.pid" ] && break; sleep 0.02; done
    if [ -s "$work/sshd.pid" ]; then port="$candidate"; break; fi
  fi
done
[ -n "$port" ] || { echo "no port in 42200-42299 took the private sshd: $(tail -3 "$work/sshd.log")" >&2; exit 1; }

busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
user="$(id -un)"
connect() {
  ssh -F none -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
    -o KexAlgorithms="$1" -i "$work/client_key" -p "$port" -s "$user@127.0.0.1" sftp < /dev/null
}
hz="$(getconf CLK_TCK)"
for kex in "${kexes[@]}"; do connect "$kex" || { echo "ssh with KexAlgorithms=$kex failed" >&2; exit 1; }; done
for round in $(seq "$rounds"); do
  for kex in "${kexes[@]}"; do
    before="$(busy)"; start="$(date +%s%N)"
    for _ in $(seq "$connections"); do connect "$kex"; done
    after="$(busy)"; end="$(date +%s%N)"
    awk -v k="$kex" -v r="$round" -v c="$(( after - before ))" -v w="$(( end - start ))" -v n="$connections" -v hz="$hz" \
      'BEGIN { printf "%s round %d: %.1f ms CPU, %.1f ms wall per connection\n", k, r, c * 1000 / hz / n, w / 1e6 / n }' \
      | tee -a "$work/rounds"
  done
done
echo "median of $rounds round(s) of $connections connections (CPU: the whole machine's, ssh and sshd):"
for kex in "${kexes[@]}"; do
  grep "^$kex round" "$work/rounds" | awk '{print $4, $7}' | sort -n | awk -v k="$kex" \
    '{ cpu[NR] = $1 } END { m = int((NR + 1) / 2); printf "%s %s\n", k, cpu[m] }' >> "$work/medians"
done
awk 'NR == 1 { first = $2 } { printf "  %-40s %6.1f ms CPU per connection, %.2fx the first\n", $1, $2, $2 / first }' "$work/medians"
