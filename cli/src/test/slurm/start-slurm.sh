#!/usr/bin/env bash
# A single-node Slurm for the tests: munged, slurmctld and slurmd from Debian's slurm-wlm and munge,
# running as root in the background, with everything (config, key, sockets, state, logs) under one
# folder, so nothing in /etc is touched and a real cluster's config is never read.
#
#   cli/src/test/slurm/start-slurm.sh          # prints the slurm.conf to export as SLURM_CONF
#   SLURM_CONF=$(cli/src/test/slurm/start-slurm.sh) sbatch --wrap hostname
#
# Idempotent: when this Slurm already answers, it only prints the path. Works in a container without
# systemd or cgroups (proctrack/linuxproc, task/none, no accounting). ENVBOOK_SLURM_DIR moves the
# folder (default /tmp/envbook-slurm); stop with cli/src/test/slurm/stop-slurm.sh.
set -euo pipefail

dir=${ENVBOOK_SLURM_DIR:-/tmp/envbook-slurm}
conf=$dir/slurm.conf
export SLURM_CONF=$conf

fail() { echo "start-slurm: $*" >&2; exit 1; }

for cmd in munged mungekey slurmctld slurmd sbatch scontrol; do
  command -v "$cmd" >/dev/null 2>&1 || fail "$cmd is missing: install Debian's slurm-wlm and munge (apt-get install slurm-wlm munge)"
done
[ "$(id -u)" = 0 ] || fail "the daemons run as root here (SlurmUser=root); run this as root"

answers() { [ -f "$conf" ] && timeout 5 scontrol ping 2>/dev/null | grep -q 'is UP'; }
node_ready() { timeout 5 sinfo -h -N -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

if answers && node_ready; then
  echo "$conf"
  exit 0
fi

mkdir -p "$dir"/{state,spool,log}
node=$(hostname -s)
cpus=$(nproc)

# munge: its own key (a folder only munge reads) and socket; munged runs as the munge user when there
# is one, as Debian's does
muser=root
id munge >/dev/null 2>&1 && muser=munge
mkdir -p "$dir/munge/key" "$dir/munge/run"
[ -f "$dir/munge/key/munge.key" ] || mungekey -c -k "$dir/munge/key/munge.key"
chown -R "$muser": "$dir/munge"
chmod 700 "$dir/munge/key"
chmod 755 "$dir/munge" "$dir/munge/run"
if ! alive "$dir/munge/run/munged.pid"; then
  rm -f "$dir/munge/run/munge.socket" "$dir/munge/run/munge.socket.lock"
  runuser -u "$muser" -- munged --key-file="$dir/munge/key/munge.key" --socket="$dir/munge/run/munge.socket" \
    --pid-file="$dir/munge/run/munged.pid" --log-file="$dir/munge/run/munged.log" --seed-file="$dir/munge/run/munged.seed" \
    || fail "munged did not start: see $dir/munge/run/munged.log"
fi

cat >"$conf" <<EOF
# written by cli/src/test/slurm/start-slurm.sh: a single-node Slurm for envbook's tests
ClusterName=envbook-test
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
SlurmctldPort=${ENVBOOK_SLURMCTLD_PORT:-16817}
SlurmdPort=${ENVBOOK_SLURMD_PORT:-16818}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/run/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
ReturnToService=2
MinJobAge=600
MaxArraySize=1001
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$node CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF

alive "$dir/slurmctld.pid" || slurmctld -i || fail "slurmctld did not start: see $dir/log/slurmctld.log"
alive "$dir/slurmd.pid" || slurmd || fail "slurmd did not start: see $dir/log/slurmd.log"

for _ in $(seq 1 60); do
  if answers && node_ready; then
    echo "$conf"
    exit 0
  fi
  sleep 0.5
done
fail "slurmctld or slurmd did not come up within 30 s: see $dir/log/slurmctld.log and $dir/log/slurmd.log"
