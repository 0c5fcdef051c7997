#!/usr/bin/env bash
# Kill soak: N batches (20 by default) on a cluster of 3 silo processes that share nothing but PostgreSQL and Redis,
# each in a working directory of its own, behind the API in client mode. During each batch a random silo is
# SIGKILLed at a random moment (a random fraction 0–80 % of the batch's trials done; every third batch the victim is
# the silo hosting the batch grain, the others a random silo, which is the host one time in three) and restarted at
# once on the same ports. Every batch must complete with the results of the in-process engine for the same seed
# (`scenariogrid run --in-process --json`), compared by the rules of tests/Grains.Tests/ResultAssert.cs: every field
# identical except means, standard deviations and mean deltas, within 1e-9 × max(1, |scale|) (the merge order of
# units changes only the rounding of sums). Prints each batch's figures, then x/N.
#
#   bash bench/kill-soak.sh [--batches 20] [--trials 160000] [--scenario scenarios/sulfide-vs-oxide.yaml] [--no-build] [--netns]
#
# --netns (root, iproute2): each silo runs in a network namespace of its own, a "host" with its own network stack and
# loopback, at 10.231.0.11–13 on a bridge to this namespace (10.231.0.1, where PostgreSQL, Redis and the API are), and
# advertises that address (Silo:AdvertisedAddress): the silos reach each other, the database and the API reaches them
# only as separate machines would, by routable address.
#
# Needs the .NET SDK, PostgreSQL's server binaries (initdb, pg_ctl; Debian: /usr/lib/postgresql/<v>/bin) and psql,
# redis-server, curl and python3. As root, PostgreSQL runs as the user postgres (created when missing). Everything
# lives in a temporary folder, removed at the end; only processes this script started are stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

batches=20 trials=160000 scenario=scenarios/sulfide-vs-oxide.yaml build=1 netns=0
while [ $# -gt 0 ]; do
  case "$1" in
    --batches) batches=$2; shift 2 ;;
    --trials) trials=$2; shift 2 ;;
    --scenario) scenario=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --netns) netns=1; shift ;;
    *) echo "kill-soak: unknown option $1" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ $build = 1 ]; then
  for p in silos cli api; do dotnet build "$p" -v q -nologo >/dev/null; done
fi
silo_dll=$repo/silos/bin/Debug/net10.0/scenariogrid-silo.dll
api_dll=$repo/api/bin/Debug/net10.0/ScenarioGrid.Api.dll
cli=(dotnet "$repo/cli/bin/Debug/net10.0/scenariogrid.dll")

pg_bin=$(dirname "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now() { date +%s.%N; }

work=$(mktemp -d /tmp/sg-kill-soak.XXXXXX)
chmod 755 "$work" # the postgres user must reach its folder inside
pids=()
as_pg=()
tag=sg$$ # names of this run's namespaces, veths and bridge (at most 15 characters)
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  [ -d "$work/pg" ] && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  if [ $netns = 1 ]; then
    for i in 0 1 2; do ip netns del "${tag}h$i" 2>/dev/null || true; done
    ip link del "${tag}br" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Where the silos find the database and Redis, and the address each advertises: loopback on one machine, or (--netns) the
# bridge's address and a host namespace's own.
db_host=127.0.0.1
host_address() { [ $netns = 1 ] && echo "10.231.0.$((11 + $1))" || echo 127.0.0.1; }
if [ $netns = 1 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "kill-soak: --netns needs root (ip netns)" >&2; exit 2; }
  ip link add "${tag}br" type bridge
  ip addr add 10.231.0.1/24 dev "${tag}br"
  ip link set "${tag}br" up
  for i in 0 1 2; do
    ip netns add "${tag}h$i"
    ip link add "${tag}v$i" type veth peer name eth0 netns "${tag}h$i"
    ip link set "${tag}v$i" master "${tag}br" up
    ip netns exec "${tag}h$i" ip addr add "$(host_address "$i")/24" dev eth0
    ip netns exec "${tag}h$i" ip link set eth0 up
    ip netns exec "${tag}h$i" ip link set lo up
  done
  db_host=10.231.0.1
fi

# PostgreSQL: a private server in the temporary folder (it refuses to run as root).
mkdir -p "$work/pg"
if [ "$(id -u)" -eq 0 ]; then
  id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  chown postgres "$work/pg"
  as_pg=(runuser -u postgres --)
fi
pg_port=$(free_port)
"${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
[ $netns = 1 ] && echo "host all all 10.231.0.0/24 trust" >>"$work/pg/data/pg_hba.conf"
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1$([ $netns = 1 ] && echo ,$db_host)" start >/dev/null
psql_() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -At "$@"; }
psql_ -d postgres -c "CREATE DATABASE scenariogrid" >/dev/null
pg="Host=127.0.0.1;Port=$pg_port;Database=scenariogrid;Username=postgres"
silo_pg="Host=$db_host;Port=$pg_port;Database=scenariogrid;Username=postgres"

redis_port=$(free_port)
redis-server --bind 127.0.0.1 $([ $netns = 1 ] && echo "$db_host --protected-mode no") --port "$redis_port" --save "" --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
disown $!

cluster=(--Silo:Database postgres --Silo:PostgresConnection "$silo_pg" --Silo:Clustering redis --Silo:Redis "$db_host:$redis_port"
  --Silo:ClusterId soak --Silo:ServiceId soak)
silo_ports=() gateway_ports=() silo_pids=()
in_host_prefix() { [ $netns = 1 ] && echo "ip netns exec ${tag}h$1"; true; } # exec'd: the pid stays the silo's
advertise() { [ $netns = 1 ] && echo "--Silo:AdvertisedAddress $(host_address "$1")"; true; }
start_silo() { # index: a working directory of its own, the same ports on a restart
  local i=$1
  mkdir -p "$work/host-$i"
  (cd "$work/host-$i" && SCENARIOGRID_Batches__CheckpointInterval=00:00:01 exec $(in_host_prefix "$i") dotnet "$silo_dll" "${cluster[@]}" \
    --Silo:SiloPort "${silo_ports[$i]}" --Silo:GatewayPort "${gateway_ports[$i]}" $(advertise "$i") >>"$work/host-$i/silo.log" 2>&1) &
  silo_pids[$i]=$!
  pids+=($!)
  disown $! # no "Killed" job notices: the kills are the point
}
for i in 0 1 2; do silo_ports[$i]=$(free_port); gateway_ports[$i]=$(free_port); start_silo "$i"; done

api_port=$(free_port)
mkdir -p "$work/api"
(cd "$work/api" && exec dotnet "$api_dll" --Api:ListenUrl "http://127.0.0.1:$api_port" --Api:Database postgres --Api:PostgresConnection "$pg" \
  --Api:Cluster:Clustering redis --Api:Cluster:Redis "127.0.0.1:$redis_port" --Api:Cluster:ClusterId soak --Api:Cluster:ServiceId soak \
  >"$work/api/api.log" 2>&1) &
pids+=($!)
disown $!
server=http://127.0.0.1:$api_port
for _ in $(seq 1 180); do curl -sf "$server/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -sf "$server/health/ready" >/dev/null || { echo "kill-soak: the API did not become ready; see its log:" >&2; tail -20 "$work/api/api.log" >&2; exit 1; }
echo "cluster: 3 silos$([ $netns = 1 ] && echo " in network namespaces at $(host_address 0)–13"; true) (PostgreSQL $pg_port, Redis $redis_port), API $server; $batches batches of $trials trials of $scenario"

batch_field() { psql_ -d scenariogrid -c "SELECT $2 FROM batches WHERE id = '$1'"; }

compare='
import json, sys
SCALED = {"mean", "stdDev", "deltaMean"}
def close(e, a, scale):
    if (e is None) != (a is None): return False
    return e is None or abs(e - a) <= 1e-9 * max(1.0, abs(scale))
def same(e, a, path):
    if isinstance(e, dict) and isinstance(a, dict):
        if e.keys() != a.keys(): sys.exit(f"{path}: keys differ")
        for k in e:
            if k == "softwareVersion": continue
            if k in SCALED and isinstance(e[k], (int, float, type(None))):
                scale = max(abs(e.get("mean") or 0), e[k] or 0) if k == "stdDev" else (e[k] or 0)
                if not close(e[k], a[k], scale): sys.exit(f"{path}.{k}: {e[k]!r} vs {a[k]!r}")
            else: same(e[k], a[k], f"{path}.{k}")
    elif isinstance(e, list) and isinstance(a, list):
        if len(e) != len(a): sys.exit(f"{path}: {len(e)} vs {len(a)} items")
        for i, (x, y) in enumerate(zip(e, a)): same(x, y, f"{path}[{i}]")
    elif e != a: sys.exit(f"{path}: {e!r} vs {a!r}")
same(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), "$")
'

ok=0
recoveries=()
for n in $(seq 1 "$batches"); do
  seed=$((7000 + n))
  id=$("${cli[@]}" submit "$scenario" --trials "$trials" --seed "$seed" --server "$server" | awk '/^batch /{print $2}')
  fraction=$((RANDOM % 81))
  submitted=$(now)
  # The kill lands once the batch's checkpoints cover `fraction` % of its trials (0 %: as soon as it is submitted).
  while :; do
    done_=$(batch_field "$id" trials_done); status=$(batch_field "$id" status)
    [ "$status" != Running ] && [ "$status" != Queued ] && break
    [ $((${done_:-0} * 100)) -ge $((fraction * trials)) ] && break
    sleep 0.2
  done
  host=""
  for i in 0 1 2; do grep -q "Batch $id: running" "$work/host-$i/silo.log" 2>/dev/null && host=$i; done
  if [ $((n % 3)) -eq 0 ] && [ -n "$host" ]; then victim=$host; else victim=$((RANDOM % 3)); fi
  kind=$([ "$victim" = "$host" ] && echo "batch grain's host" || echo "another silo")
  done_at_kill=$(batch_field "$id" trials_done)
  kill -9 "${silo_pids[$victim]}"
  killed=$(now)
  start_silo "$victim"
  resumed="" status=""
  while :; do
    status=$(batch_field "$id" status); done_=$(batch_field "$id" trials_done)
    [ -z "$resumed" ] && [ "${done_:-0}" -gt "${done_at_kill:-0}" ] && resumed=$(now)
    [ "$status" != Running ] && [ "$status" != Queued ] && break
    if python3 -c "import sys; sys.exit(0 if $(now) - $killed > 600 else 1)"; then status="timeout"; break; fi
    sleep 0.2
  done
  finished=$(now)
  result="FAIL"
  if [ "$status" = Completed ]; then
    "${cli[@]}" results "$id" --server "$server" --json "$work/cluster-$n.json" >/dev/null 2>&1
    "${cli[@]}" run "$scenario" --trials "$trials" --seed "$seed" --in-process --json "$work/engine-$n.json" >/dev/null 2>&1
    if diff_=$(python3 -c "$compare" "$work/engine-$n.json" "$work/cluster-$n.json" 2>&1); then result=ok; ok=$((ok + 1)); else result="FAIL ($diff_)"; fi
  fi
  recovery=$(python3 -c "print(f'{$finished - $killed:.1f}')")
  recoveries+=("$recovery")
  progress=$([ -n "$resumed" ] && python3 -c "print(f'{$resumed - $killed:.1f} s')" || echo "–")
  printf 'batch %2d %s: killed silo %d (%s) at %s of %s trials; progress again after %s, %s %s s after the kill (%s s in all): %s\n' \
    "$n" "$id" "$victim" "$kind" "$done_at_kill" "$trials" "$progress" "$status" "$recovery" \
    "$(python3 -c "print(f'{$finished - $submitted:.1f}')")" "$result"
done
echo "recovery (kill to batch end), s: ${recoveries[*]}"
python3 -c "import statistics as s; v=[float(x) for x in '${recoveries[*]}'.split()]; print(f'recovery median {s.median(v):.1f} s, min {min(v):.1f} s, max {max(v):.1f} s')"
echo "work units per silo (address:port:generation):"
psql_ -d scenariogrid -F ' ' -c "SELECT silo, count(*) FROM unit_runs GROUP BY silo ORDER BY silo" | sed 's/^/  /'
echo "$ok/$batches batches completed with the in-process engine's results"
[ "$ok" = "$batches" ]
