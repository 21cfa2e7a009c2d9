#!/usr/bin/env bash
# Trains each NLU pipeline in bench/pipelines/ on nlu/data/nlu and scores it on the independent
# held-out file (never trained on), in one run, so the chosen pipeline's intent errors are
# compared with Rasa's stock pipeline (stock_diet) on the same data. The project's own pipeline is
# config.yml itself, so the comparison never drifts from what runs. About 15 minutes on 2 cores.
#   bash bench/compare_pipelines.sh [pipeline ...]
# TEST_FILE=tests/nlu/other.yml scores another held-out file.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH=. RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
test_file=${TEST_FILE:-tests/nlu/independent.yml}
out=$(mktemp -d)
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(config.yml bench/pipelines/*.yml)
for config in "${configs[@]}"; do
  name=$(basename "$config" .yml)
  [ "$config" != config.yml ] || name=chosen
  start=$(date +%s)
  .venv/rasa/bin/rasa train nlu --config "$config" --nlu nlu/data/nlu --domain nlu/domain \
    --out "$out" --fixed-model-name "$name" --quiet >/dev/null 2>&1
  trained=$(( $(date +%s) - start ))
  .venv/rasa/bin/rasa test nlu --model "$out/$name.tar.gz" --nlu "$test_file" \
    --out "$out/$name" --successes --no-plot >/dev/null 2>&1
  echo "== $name (trained in ${trained}s)"
  .venv/app/bin/python -m nlu.report "$out/$name" "$test_file" | grep -E "macro-F1|errors"
done
