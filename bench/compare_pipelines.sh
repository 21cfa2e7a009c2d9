#!/usr/bin/env bash
# Trains each NLU pipeline in bench/pipelines/ and scores it on the held-out test file.
# Prints macro-F1 overall, without diacritics and in English for each (a few minutes).
#   PYTHONPATH=. bash bench/compare_pipelines.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH=. RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
out=$(mktemp -d)
for config in bench/pipelines/*.yml; do
  name=$(basename "$config" .yml)
  start=$(date +%s)
  .venv/rasa/bin/rasa train nlu --config "$config" --nlu nlu/data/nlu --domain nlu/domain \
    --out "$out" --fixed-model-name "$name" --quiet >/dev/null 2>&1
  trained=$(( $(date +%s) - start ))
  .venv/rasa/bin/rasa test nlu --model "$out/$name.tar.gz" --nlu tests/nlu/test_nlu.yml \
    --out "$out/$name" --successes --no-plot >/dev/null 2>&1
  echo "== $name (trained in ${trained}s)"
  .venv/app/bin/python -m nlu.report "$out/$name" tests/nlu/test_nlu.yml | grep "macro-F1"
done
