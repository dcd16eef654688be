#!/usr/bin/env bash
# Regenerates every measured table in docs/benchmarks.md, in place, in one run (about 15 minutes on the
# 2-core reference machine; run it on an otherwise idle machine). Usage, from anywhere:
#
#   bash Venice.Bench/regenerate.sh            # everything
#   bash Venice.Bench/regenerate.sh hotloop    # one group: hotloop, harness, coyote, scaling, scale
#
# Each table sits between `<!-- begin: NAME -->` and `<!-- end: NAME -->` markers in the page; only
# what lies between them is rewritten, so the prose around the tables (the reading of the figures
# against issue 14, the profiles) stays as written and must be re-read when the figures move.
# Needs: the .NET SDK, and GNU time (/usr/bin/time, Debian package `time`) for the scale group's peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 COYOTE_CLI_TELEMETRY_OPTOUT=1

page=docs/benchmarks.md
groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(hotloop harness coyote scaling scale)
bench=Venice.Bench/bin/Release/net10.0/Venice.Bench.dll
cli=Venice.Sim.Cli/bin/Release/net10.0/venice-sim.dll
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Replaces the lines between the begin/end markers of $1 with the contents of file $2.
splice() {
  grep -qxF "<!-- begin: $1 -->" "$page" || { echo "regenerate: no '<!-- begin: $1 -->' marker in $page" >&2; exit 2; }
  awk -v name="$1" -v file="$2" '
    $0 == "<!-- begin: " name " -->" { print; while ((getline line < file) > 0) print line; skip = 1; next }
    $0 == "<!-- end: " name " -->" { skip = 0 }
    !skip { print }' "$page" > "$page.new"
  mv "$page.new" "$page"
}

# The machine line every group's tables are read against; $1 is the load average read before the group ran.
machine() {
  local cpu mem
  cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
  mem=$(free -g | awk '/^Mem:/ { print $2 " GiB" }')
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) x ${cpu}, ${mem}, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version); load average $1 before the run, $(load) after."
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

# Runs BenchmarkDotNet in-process with the given arguments; splices each class's GitHub table under its class name.
benchmarks() {
  local name=$1 before; shift
  before=$(load)
  rm -rf "$work/$name"
  dotnet "$bench" --inProcess --artifacts "$work/$name" "$@"
  for report in "$work/$name"/results/*-report-github.md; do
    local class
    class=$(basename "$report" -report-github.md)
    class=${class#Venice.Bench.}
    # The GitHub exporter bolds the first row of each parameter group; the page's tables are plain.
    { machine "$before"; echo; grep '^|' "$report" | sed 's/\*\*//g'; } > "$work/$class.table"
    splice "$class" "$work/$class.table"
  done
}

# One scenario through the command line: steps, sim time, trace hash from --json, wall time and peak RSS from GNU time.
scale_row() {
  local file=$1 label=$2 json timing
  timing=$(mktemp)
  json=$(/usr/bin/time -f '%e %M' -o "$timing" dotnet "$cli" run "$file" --json)
  local steps sim hash outcome wall rss
  steps=$(grep -o '"steps":[0-9]*' <<< "$json" | cut -d: -f2)
  sim=$(grep -o '"simTimeMs":[0-9]*' <<< "$json" | cut -d: -f2)
  hash=$(grep -o '"traceSha256":"[0-9a-f]*"' <<< "$json" | cut -d'"' -f4)
  outcome=$(grep -o '"outcome":"[a-z]*"' <<< "$json" | cut -d'"' -f4)
  read -r wall rss < "$timing"
  rm -f "$timing"
  printf '| %s | %s | %s | %.1f s | %s s | %d MiB | `%s` |\n' "$label" "$outcome" "$steps" "$(awk -v ms="$sim" 'BEGIN { print ms / 1000 }')" "$wall" $((rss / 1024)) "${hash:0:12}"
}

dotnet build Venice.sln -c Release -nologo -v q

for group in "${groups[@]}"; do
  case $group in
    hotloop)
      # Nine measured iterations: ShortRun's three left the 1 KiB and 4 KiB floors too noisy to compare.
      # By class name: a bare '*HotLoop*' would also match ClusterCostPerReplicaRecord's HotLoop method.
      benchmarks hotloop --filter '*IngestionHotLoop*' '*LeaderHotLoop*' --job short --warmupCount 5 --iterationCount 9 ;;
    harness)
      benchmarks harness --filter '*HarnessThroughput*' '*ClusterCostPerReplicaRecord*' --job short
      # The same world as HarnessThroughput, as a scenario file, swept across every core by the CLI.
      cat > "$work/harness.yaml" <<'EOF'
name: harness-throughput
description: HarnessThroughput's world as a scenario, 3 servers, 4 partitions, 10,000 records, a crash, a session expiry and a pause placed by the seed.
seed: 1
cluster: { servers: 3, partitions: 4, replicationFactor: 3 }
store:
  name: bench
  kind: batch
  push: { records: 10000, keys: 10000, valueBytes: 100 }
random: { crashes: 1, sessionExpiries: 1, pauses: 1 }
phases: { faultsUntil: 30s, settleWithin: 600s }
expect: { versionStatus: ONLINE, violations: [] }
EOF
      before=$(load)
      { dotnet "$cli" run "$work/harness.yaml" --seeds 1..1000 | grep -E 'runs in|PASSED|FAILED' | sed "s#$work/##"; } > "$work/sweep.out"
      { machine "$before"; echo; echo '```text'; cat "$work/sweep.out"; echo '```'; } > "$work/sweep.table"
      splice Sweep "$work/sweep.table" ;;
    coyote)
      benchmarks coyote --filter '*CoyoteThroughput*' --job short ;;
    scaling)
      # One warm-up and three iterations: the 1 M-record case takes seconds per run.
      benchmarks scaling --filter '*WorldScaling*' --job short --warmupCount 1 --iterationCount 3 ;;
    scale)
      command -v /usr/bin/time > /dev/null || { echo "regenerate: the scale group needs GNU time (apt-get install time)" >&2; exit 2; }
      before=$(load)
      {
        echo '| scenario | outcome | steps | sim time | wall time | peak RSS | trace |'
        echo '|---|---|---:|---:|---:|---:|---|'
        for file in scenarios/scale/*.yaml; do scale_row "$file" "\`$(basename "$file")\`"; done
        # scale-1m again with its log in segment files (FileLog), to show what the in-memory log costs.
        sed 's/^seed: 1$/seed: 1\nlog: file/' scenarios/scale/scale-1m.yaml > "$work/scale-1m-file-log.yaml"
        scale_row "$work/scale-1m-file-log.yaml" '`scale-1m.yaml` with `log: file`'
      } > "$work/scale.rows"
      { machine "$before"; echo; cat "$work/scale.rows"; } > "$work/scale.table"
      splice Scale "$work/scale.table" ;;
    *) echo "regenerate: unknown group '$group' (hotloop, harness, coyote, scaling, scale)" >&2; exit 2 ;;
  esac
done
echo "regenerate: rewrote the tables of ${groups[*]} in $page"
