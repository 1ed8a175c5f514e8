#!/usr/bin/env bash
# Stops the Slurm that start-slurm.sh started (slurmd, slurmctld, munged), by their pid files.
set -uo pipefail
dir=${ENVBOOK_SLURM_DIR:-/tmp/envbook-slurm}
for pid in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/run/munged.pid"; do
  [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null
  rm -f "$pid"
done
exit 0
