#!/bin/sh
# The auditor's walk-through of the README ("Auditing a log"), runnable top to bottom on a fresh checkout after
# `npm ci`. It works in a fresh directory (the one given, else a new temporary one), so private keys are never
# overwritten and its store shares no event ids with `npm start`'s lcz.db. Every file it reads, a step before made.
# tests/acceptance/auditWalkthrough.test.ts runs it, and checks that the README block shows these same commands.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
# `npm ci` no longer builds (README, "Set up"); the first run builds the command line once.
[ -f "$root/dist/src/cli/bin.js" ] || (cd "$root" && npm run build >&2)
phasegate() { node "$root/dist/src/cli/bin.js" "$@"; }
seed="$root/examples/lcz-shenzhen.jsonl"
work=${1:-$(mktemp -d)}
mkdir -p "$work" && cd "$work"
echo "audit walk-through in $work" >&2

# --- walk-through (the README block) ---
# 1. Every organisation that records in the seed makes its own key (the private half stays with it); a witness
#    key (no --actor) signs checkpoints. keys.json, the registry of public keys, is what an auditor trusts.
phasegate keygen nl-agency-2011 --actor nl-agency --valid-from 2011-01-01T00:00:00Z -o nl-agency.key.json --registry keys.json
phasegate keygen twa-2011 --actor twa-guangzhou --valid-from 2011-01-01T00:00:00Z -o twa.key.json --registry keys.json
phasegate keygen eli-2011 --actor eli --valid-from 2011-01-01T00:00:00Z -o eli.key.json --registry keys.json
phasegate keygen witness-1 -o witness.key.json --registry keys.json
# 2. Record the programme, each event signed by its actor; a fact in another organisation's name is refused (exit 3)
#    and kept in lcz-shenzhen.refusals.
phasegate record audit.db lcz-shenzhen "$seed" --keys keys.json --require-signatures \
  --sign nl-agency.key.json --sign twa.key.json --sign eli.key.json --record-refusals > /dev/null
echo '{"type":"ProgrammeCancelled","occurredAt":"2012-10-10","actor":{"id":"sz-epb","role":"gatekeeper"},"data":{"reason":"x","decidedBy":["sz-epb"]}}' |
  phasegate record audit.db lcz-shenzhen - --keys keys.json --record-refusals || test $? -eq 3
phasegate streams audit.db
phasegate state audit.db lcz-shenzhen
# 3. A checkpoint of the heads, signed by the witness: keep it where the writer cannot reach.
phasegate checkpoint audit.db --key witness.key.json -o checkpoint.json
# 4. The plain log an auditor is handed, and what the auditor runs on it (exit 4 on any problem).
phasegate export audit.db --all -o lcz.jsonl
phasegate verify lcz.jsonl --keys keys.json --checkpoint checkpoint.json
phasegate replay lcz.jsonl --roles newest
phasegate audit lcz.jsonl lcz-shenzhen --format html -o lcz-dossier.html --keys keys.json --checkpoint checkpoint.json
# --- end ---

echo "audit walk-through done: $work/lcz-dossier.html" >&2
