#!/usr/bin/env bash
# Time to N ready pairs (N = 1, 4, 8) with the pair pool's provisioning parallelism on and off: each N is a run of N jobs,
# provisioned as 'netperf provision' does it, then torn down. A warm-up run of the smallest and the largest N comes first
# (not recorded). Prints each measurement with the machine's busy CPU seconds meanwhile, per-pair create/ready/delete
# p50/p95, the readiness steps' p50/p95, the ratio time(max)/time(min), and the CPU floor of that ratio on this machine.
# Usage: eng/bench-pairs.sh [simulated|local|lab|azure|<env>] [--runners] [extra netperf bench pairs options]
#   eng/bench-pairs.sh                      # in-memory simulated provider, 2 s creation delay
#   eng/bench-pairs.sh local                # real local pairs (private sshd per pair)
#   eng/bench-pairs.sh local --runners --counts 1,8 --rounds 3 --parallel-only
#                                           # and a GitHub runner per pair on its client, registered in the tests' fake
#                                           # GitHub on 127.0.0.1 (JIT config, a stand-in runner package); needs root
#   sudo eng/bench-pairs.sh lab --runners   # the same on the single-machine namespace lab
#   sudo eng/bench-pairs.sh azure --runners --counts 1,8 --rounds 3 --parallel-only
#                                           # Azure pairs against the tests' ARM fake on 127.0.0.1 (VM creation takes
#                                           # NETPERF_BENCH_VM_CREATE_MS, default 2000; other operations complete at once),
#                                           # the runner installed through Run Command on fake Linux VMs that run the
#                                           # scripts for real (mount namespaces over this machine; their disks are under
#                                           # the bench's work folder, removed with each VM); needs root
#   eng/bench-pairs.sh simulated --delay 200ms --counts 1,2   # smoke run
# The goal is <= 1.5x with parallelism on. Run it under the shared lock on a shared machine
# (flock /tmp/netperf-integration.lock bash eng/bench-pairs.sh ...).
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
env="${1:-simulated}"
shift || true
runners=0
args=()
for a in "$@"; do
  if [ "$a" = "--runners" ]; then runners=1; fi
  args+=("$a")
done
if [ "$env" = "lab" ]; then export Netperf__Lab__SingleMachine="${Netperf__Lab__SingleMachine:-true}"; fi
dotnet build "$root/src/Netperf.Tool" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
netperf=("dotnet" "$root/src/Netperf.Tool/bin/Release/net10.0/netperf.dll")
if [ "$runners" = 0 ] && [ "$env" != "azure" ]; then
  exec "${netperf[@]}" bench pairs --env "$env" "${args[@]}"
fi

if [ "$(id -u)" != 0 ]; then echo "bench-pairs $env${args[*]:+ ${args[*]}} adds users and installs runners (azure: runs fake VMs in mount namespaces): run it as root" >&2; exit 2; fi
dotnet build "$root/bench/Netperf.GitHubFake" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
# Under /var/tmp: a namespace VM has its own /tmp but sees this one.
work="$(mktemp -d /var/tmp/netperf-bench-pairs.XXXXXX)"
user="npbench$$"
fifo="$work/fake.in"
mkfifo "$fifo"
cleanup() {
  exec 3>&- 2>/dev/null || true
  wait "${fake_pid:-0}" 2>/dev/null || true
  if [ "$env" != "azure" ]; then
    pkill -KILL -u "$user" 2>/dev/null || true
    userdel -f -r "$user" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A stand-in runner package: run.sh records that it ran and leaves, as an ephemeral runner does after its job.
mkdir -p "$work/pkg"
printf '#!/bin/sh\necho ran > "$PWD/ran"\n' > "$work/pkg/run.sh"
chmod 755 "$work/pkg/run.sh"
tar czf "$work/actions-runner.tar.gz" -C "$work/pkg" .
chmod 755 "$work"

# The fakes serve until their standard input (this script's fd 3) closes.
fakes=()
if [ "$env" = "azure" ]; then fakes=(--arm "$work/vms" --vm-create-ms "${NETPERF_BENCH_VM_CREATE_MS:-2000}"); fi
dotnet "$root/bench/Netperf.GitHubFake/bin/Release/net10.0/Netperf.GitHubFake.dll" "${fakes[@]}" < "$fifo" > "$work/fake.out" &
fake_pid=$!
exec 3>"$fifo"
for _ in $(seq 1 300); do grep -q '^netperf-fakes-ready$' "$work/fake.out" 2>/dev/null && break; kill -0 "$fake_pid" 2>/dev/null || break; sleep 0.1; done
grep -q '^netperf-fakes-ready$' "$work/fake.out" || { echo "the fakes did not start" >&2; exit 1; }
while IFS='=' read -r name value; do export "$name=$value"; done < <(grep '^Netperf__' "$work/fake.out")
export Netperf__Runners__PackageSource=PreStaged
export Netperf__Runners__PreStagedPackagePath="$work/actions-runner.tar.gz"
if [ "$env" != "azure" ]; then
  # The runners of local and lab pairs are on this machine (a lab VM shares its files): a folder and a user of the bench's.
  export Netperf__Runners__LinuxInstallRoot="$work/runners"
  export Netperf__Runners__LinuxUser="$user"
fi
if [ "$runners" = 1 ]; then
  "${netperf[@]}" bench pairs --env "$env" "${args[@]}"
else
  # Azure pairs only: the tool needs no GitHub settings.
  while IFS='=' read -r name _; do unset "$name"; done < <(grep '^Netperf__GitHub__' "$work/fake.out")
  "${netperf[@]}" bench pairs --env "$env" "${args[@]}"
fi
