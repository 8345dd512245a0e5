#!/usr/bin/env bash
# slurm-cluster.sh start|stop|status STATE_DIR
#
# A real single-node Slurm cluster for commitbench's tests, run as root on a Debian-like machine:
#   start   installs slurmctld, slurmd, slurm-client and munge with apt-get when one is missing, generates a
#           munge key, runs munged as the munge user, writes a minimal slurm.conf, starts slurmctld and slurmd,
#           and waits until sinfo shows the node idle. Everything lives under STATE_DIR (slurm.conf, the key,
#           munged's socket, the daemons' state, spool, pid and log files). Clients find the cluster through
#           SLURM_CONF=STATE_DIR/slurm.conf, which start prints as an export line on stdout.
#           A second start reuses a cluster this script started in STATE_DIR while it still answers; a stale
#           STATE_DIR (daemons gone, or only some of them running) is stopped, emptied and started afresh.
#   stop    cancels the cluster's jobs and stops ONLY the daemons this script started in STATE_DIR, found by the
#           pid files it wrote (a pid is trusted only while its process's command line names STATE_DIR).
#   status  prints "running" (exit 0) when all three daemons run and sinfo answers, "stopped" (exit 3) otherwise.
# The tests find the cluster through COMMITBENCH_SLURM=STATE_DIR and are skipped without it.
set -euo pipefail

MARKER=.commitbench-slurm-cluster
PACKAGES=(slurmctld slurmd slurm-client munge)
# How long start waits for the node to become idle.
IDLE_TIMEOUT_S=${SLURM_CLUSTER_IDLE_TIMEOUT_S:-90}

die() {
  echo "slurm-cluster.sh: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start|stop|status STATE_DIR" >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
ACTION=$1
case "$2" in
  /*) STATE=$2 ;;
  *) STATE=$PWD/$2 ;;
esac
STATE=${STATE%/}
CONF=$STATE/slurm.conf
MUNGE_DIR=$STATE/munge
SOCKET=$MUNGE_DIR/munge.socket
export SLURM_CONF=$CONF

# The pid in FILE when that process is alive, is NAME, and names STATE_DIR on its command line; else nothing.
our_pid() {
  local file=$1 name=$2 pid
  [[ -f $file ]] || return 1
  pid=$(tr -dc '0-9' <"$file")
  [[ -n $pid && -d /proc/$pid ]] || return 1
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$name" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$STATE/" || return 1
  echo "$pid"
}

daemons_running() {
  our_pid "$MUNGE_DIR/munged.pid" munged >/dev/null \
    && our_pid "$STATE/slurmctld.pid" slurmctld >/dev/null \
    && our_pid "$STATE/slurmd.pid" slurmd >/dev/null
}

answers() {
  timeout 10 sinfo -h -N -o '%T' >/dev/null 2>&1
}

node_state() {
  timeout 10 sinfo -h -N -o '%T' 2>/dev/null | head -n 1
}

# Stops one daemon by its pid file: SIGTERM, then SIGKILL after 10 s.
stop_daemon() {
  local file=$1 name=$2 pid i
  pid=$(our_pid "$file" "$name") || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    [[ -d /proc/$pid ]] || break
    sleep 0.1
  done
  if [[ -d /proc/$pid ]]; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
  echo "stopped $name ($pid)" >&2
}

stop() {
  if our_pid "$STATE/slurmctld.pid" slurmctld >/dev/null && our_pid "$STATE/slurmd.pid" slurmd >/dev/null; then
    # Jobs first: a job's slurmstepd outlives slurmd, so the cluster's jobs are cancelled while it still answers.
    local jobs i
    jobs=$(timeout 10 squeue -h -o '%A' 2>/dev/null | sort -u | tr '\n' ' ') || true
    if [[ -n ${jobs// /} ]]; then
      # shellcheck disable=SC2086
      timeout 10 scancel $jobs 2>/dev/null || true
      for ((i = 0; i < 100; i++)); do
        [[ -z $(timeout 10 squeue -h -o '%A' 2>/dev/null) ]] && break
        sleep 0.1
      done
    fi
  fi
  stop_daemon "$STATE/slurmd.pid" slurmd
  stop_daemon "$STATE/slurmctld.pid" slurmctld
  stop_daemon "$MUNGE_DIR/munged.pid" munged
}

install() {
  local missing=()
  command -v slurmctld >/dev/null 2>&1 || missing+=(slurmctld)
  command -v slurmd >/dev/null 2>&1 || missing+=(slurmd)
  command -v sbatch >/dev/null 2>&1 || missing+=(slurm-client)
  command -v munged >/dev/null 2>&1 || missing+=(munge)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  command -v apt-get >/dev/null 2>&1 \
    || die "missing ${missing[*]} and no apt-get to install them: install ${PACKAGES[*]} (Debian/Ubuntu package names)"
  echo "installing ${PACKAGES[*]} (missing: ${missing[*]})" >&2
  apt-get update -qq >&2 || die "apt-get update failed; cannot install ${PACKAGES[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >&2 \
    || die "apt-get install ${PACKAGES[*]} failed"
}

start_munge() {
  mkdir -p "$MUNGE_DIR"
  chown munge:munge "$MUNGE_DIR"
  chmod 0700 "$MUNGE_DIR"
  runuser -u munge -- test -x "$MUNGE_DIR" \
    || die "the munge user cannot enter $MUNGE_DIR: every folder above it must be searchable by others (chmod o+x), or use another STATE_DIR"
  dd if=/dev/urandom of="$MUNGE_DIR/munge.key" bs=1024 count=1 status=none
  chown munge:munge "$MUNGE_DIR/munge.key"
  chmod 0400 "$MUNGE_DIR/munge.key"
  runuser -u munge -- munged --force --key-file="$MUNGE_DIR/munge.key" --socket="$SOCKET" \
    --pid-file="$MUNGE_DIR/munged.pid" --log-file="$MUNGE_DIR/munged.log" --seed-file="$MUNGE_DIR/munged.seed" \
    || die "munged did not start: $(tail -n 5 "$MUNGE_DIR/munged.log" 2>/dev/null)"
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -S $SOCKET ]] && break
    sleep 0.1
  done
  munge -n -S "$SOCKET" | unmunge -S "$SOCKET" >/dev/null \
    || die "munged does not answer on $SOCKET: $(tail -n 5 "$MUNGE_DIR/munged.log" 2>/dev/null)"
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Two free ports in a row for slurmctld and slurmd, from Slurm's defaults up.
pick_ports() {
  local port
  for ((port = 6817; port < 6917; port += 2)); do
    if port_free "$port" && port_free $((port + 1)); then
      echo "$port"
      return 0
    fi
  done
  die "no two free ports between 6817 and 6917 for slurmctld and slurmd"
}

write_conf() {
  local host cpus memory port
  host=$(hostname -s)
  cpus=$(nproc)
  # The node's real memory in MiB, as slurmd measures it (a larger value would make the node invalid).
  memory=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -n 1)
  [[ -n $memory ]] || memory=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)
  port=$(pick_ports)
  mkdir -p "$STATE/ctld" "$STATE/spool" "$STATE/log"
  cat >"$CONF" <<EOF
# Written by slurm-cluster.sh: a single-node cluster for tests, everything under $STATE.
ClusterName=commitbench
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
# Schedule as soon as a task ends (Slurm's default waits at least 2 s between scheduling passes).
SchedulerParameters=sched_min_interval=100000,batch_sched_delay=0
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
SlurmctldTimeout=30
SlurmdTimeout=30
MessageTimeout=10
InactiveLimit=0
KillWait=5
MinJobAge=300
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

logs() {
  local file
  for file in "$STATE/log/slurmctld.log" "$STATE/log/slurmd.log" "$MUNGE_DIR/munged.log"; do
    [[ -f $file ]] && { echo "--- last lines of $file" >&2; tail -n 15 "$file" >&2; }
  done
  return 0
}

start() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (it installs packages, and slurmd runs jobs as their users)"
  if [[ -f $STATE/$MARKER ]] && daemons_running && answers && [[ $(node_state) == idle* ]]; then
    echo "reusing the running cluster in $STATE" >&2
    echo "export SLURM_CONF=$CONF"
    return 0
  fi
  if [[ -d $STATE ]] && [[ -n $(ls -A "$STATE") ]]; then
    [[ -f $STATE/$MARKER ]] \
      || die "$STATE is not empty and was not made by this script: give an empty or new folder"
    echo "cleaning the stale cluster state in $STATE" >&2
    stop
    rm -rf "${STATE:?}"/* "$STATE/$MARKER"
  fi
  install
  mkdir -p "$STATE"
  chmod 0755 "$STATE"
  touch "$STATE/$MARKER"
  start_munge
  write_conf
  slurmctld -f "$CONF" || { logs; die "slurmctld did not start"; }
  slurmd -f "$CONF" || { logs; die "slurmd did not start"; }
  local deadline=$((SECONDS + IDLE_TIMEOUT_S)) state=""
  while ((SECONDS < deadline)); do
    state=$(node_state || true)
    [[ $state == idle* ]] && break
    sleep 0.5
  done
  if [[ $state != idle* ]]; then
    logs
    stop
    die "the node did not become idle within ${IDLE_TIMEOUT_S}s (sinfo: '${state:-no answer}'); the daemons are stopped"
  fi
  echo "cluster running in $STATE (node $(hostname -s), $(nproc) CPUs)" >&2
  echo "export SLURM_CONF=$CONF"
}

status() {
  if [[ -f $STATE/$MARKER ]] && daemons_running && answers; then
    echo "running"
    return 0
  fi
  echo "stopped"
  return 3
}

case "$ACTION" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
