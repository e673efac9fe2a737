#!/usr/bin/env bash
# Load figures for the service (issue #15): GET the runs list and a run's rounds at 64 connections while a run
# trains, with p50/p99 latency and requests per second (wrk), and a check that the loaded run's metrics equal an
# unloaded run's. With --uploads, also the service's memory (RSS) around ten concurrent 16 MB uploads.
#
#   dotnet build src/Web && tests/loadtest/loadtest.sh [--seconds 15] [--connections 64] [--uploads | --only-uploads]
#
# Needs wrk, curl and jq (apt-get install wrk jq). Bounded: each wrk run lasts --seconds, every wait has a limit.
# FEDBPT_WEB_DLL points at another build of FedBpt.Web.dll (e.g. an older commit's, for a before/after figure).
set -euo pipefail

seconds=15 connections=64 uploads=0 runs=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --uploads) uploads=1; shift ;;
    --only-uploads) uploads=1 runs=0; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
for tool in wrk curl jq; do command -v $tool > /dev/null || { echo "needs $tool (apt-get install $tool)" >&2; exit 2; }; done

repo=$(cd "$(dirname "$0")/../.." && pwd)
dll=${FEDBPT_WEB_DLL:-$repo/src/Web/bin/Debug/net10.0/FedBpt.Web.dll}
shared=${FEDBPT_SHARED:-$repo/../shared}
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
server=
cleanup() { [[ -n $server ]] && kill "$server" 2> /dev/null && wait "$server" 2> /dev/null; rm -rf "$work"; }
trap cleanup EXIT

cd "$repo" # the content root: appsettings.json
dotnet "$dll" --urls "$base" --ConnectionStrings:FedBpt "Data Source=$work/fedbpt.db" --FedBpt:Device cpu --FedBpt:Threads 1 \
  --FedBpt:ModelRoots:0 "$shared/models" --FedBpt:ModelRoots:1 "$shared/models" \
  --FedBpt:DataRoots:0 "$shared/data" --FedBpt:DataRoots:1 "$shared/data" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 120); do curl -sf "$base/api/experiments" > /dev/null && break; sleep 0.5; done
curl -sf "$base/api/experiments" > /dev/null || { echo "the service did not start:"; cat "$work/server.log"; exit 1; }

spec='{"task":"sst2","model":"tiny-roberta-mlm","numClients":2,"numRounds":10,"kShot":4,"intrinsicDim":20,"nPromptTokens":5,"verbalizerLeadingSpace":true}'
create() { curl -sf -H 'Content-Type: application/json' -d "{\"name\":\"$1\",\"spec\":$spec}" "$base/api/experiments" | jq -r .id; }
wait_done() {
  for _ in $(seq 600); do
    status=$(curl -sf "$base/api/experiments/$1" | jq -r .status)
    [[ $status == Completed ]] && return 0
    [[ $status == Failed || $status == Cancelled ]] && { echo "run $1 ended $status"; return 1; }
    sleep 1
  done
  echo "run $1 did not finish in 10 minutes"; return 1
}
metrics() { curl -sf "$base/api/experiments/$1/rounds" | jq -c '[.[] | del(.wallSeconds)]'; }

if [[ $runs == 1 ]]; then
echo "== unloaded reference run"
reference=$(create unloaded)
wait_done "$reference"

echo "== the same run under load: $connections connections, $seconds s per endpoint"
loaded=$(create loaded)
for _ in $(seq 120); do [[ $(curl -sf "$base/api/experiments/$loaded" | jq -r .roundsCompleted) -ge 1 ]] && break; sleep 0.5; done
for path in /api/experiments "/api/experiments/$loaded/rounds"; do
  echo "-- GET $path"
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency "$base$path" | grep -E 'Latency  |50%|99%|Requests/sec|Non-2xx|errors'
done
echo "-- the run was still training: $(curl -sf "$base/api/experiments/$loaded" | jq -r '"\(.status), round \(.roundsCompleted)/\(.numRounds)"')"
wait_done "$loaded"
if [[ "$(metrics "$reference")" == "$(metrics "$loaded")" ]]; then
  echo "metrics of the loaded run: identical to the unloaded run's ($(metrics "$loaded" | jq length) rounds; wall time aside)"
else
  echo "metrics differ:"; diff <(metrics "$reference" | jq .) <(metrics "$loaded" | jq .) || true; exit 1
fi
fi

if [[ $uploads == 1 ]]; then
  echo "== ten concurrent 16 MB uploads"
  python3 - "$work/big.tsv" <<'PY'
import random, sys
random.seed(7)
words = "good bad great dull film story actor plot fun boring warm cold smart slow".split()
with open(sys.argv[1], "w") as f:
    f.write("review\tsentiment\n")
    size = 0
    while size < 16 * 1024 * 1024 - 200:
        line = " ".join(random.choice(words) for _ in range(12)) + "\t" + random.choice(["pos", "neg"]) + "\n"
        f.write(line); size += len(line)
PY
  rss() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$server/status"; }
  echo "RSS before: $(rss) MB"
  peak=0
  definition() { echo "{\"name\":\"$1\",\"template\":\"{text_a} It was <mask> .\",\"textAColumn\":\"review\",\"labelColumn\":\"sentiment\",\"labels\":[{\"label\":\"neg\",\"word\":\"bad\"},{\"label\":\"pos\",\"word\":\"great\"}]}"; }
  start=$(date +%s.%N)
  pids=()
  for i in $(seq 10); do
    curl -s -o /dev/null -w "%{http_code}\n" --max-time 300 -F "definition=$(definition big-$i)" -F "train=@$work/big.tsv" "$base/api/datasets" > "$work/upload-$i.status" &
    pids+=($!)
  done
  while pids_left=$(for p in "${pids[@]}"; do kill -0 "$p" 2> /dev/null && echo "$p"; done) && [[ -n $pids_left ]]; do
    m=$(rss); (( m > peak )) && peak=$m; sleep 0.2
  done
  wait "${pids[@]}" || true
  echo "all ten answered in $(echo "$(date +%s.%N) - $start" | bc) s"
  echo "statuses: $(cat "$work"/upload-*.status | tr '\n' ' ')"
  echo "RSS peak during the uploads: $peak MB; right after: $(rss) MB"
  sleep 10
  echo "RSS 10 s later: $(rss) MB"
  dup=$( { time -p curl -s -o /dev/null -w "%{http_code}" -F "definition=$(definition big-1)" -F "train=@$work/big.tsv" "$base/api/datasets"; } 2> "$work/time")
  echo "a duplicate name: $dup in $(awk '/real/ { print $2 }' "$work/time") s"
fi
