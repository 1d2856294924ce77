#!/usr/bin/env bash
# Evaluation on a directory of .eml files: counts per verdict and the share flagged
# (suspicious or dangerous). Usage: scripts/eval.sh DIR phish|ham
#
# The receiving provider's own spam-verdict headers (X-MS-Exchange-Organization-SCL,
# X-Forefront-Antispam-Report, X-Microsoft-Antispam*) are removed first, so the figure shows
# Honmono's own judgement, not Microsoft's filter. Runs offline (no DNS), reading each mail as the
# extension reads the open message from the webmail (--from-provider: the receiving provider's
# results may prove the sender; a file's results alone prove nothing, SECURITY.md).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: scripts/eval.sh DIR phish|ham}
label=${2:-unknown}
if [ ! -d "$dir" ]; then
  echo "eval: $dir not found (the development corpora live in ../shared/corpus)" >&2
  exit 1
fi
bin=target/release/honmono
cargo build --quiet --release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 scripts/strip_verdict_headers.py "$dir" "$tmp"
"$bin" check --json --offline --from-provider "$tmp"/*.eml > "$tmp/results.jsonl" || true
python3 scripts/eval_summary.py "$tmp/results.jsonl" "$label" "$dir"
