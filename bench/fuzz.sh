#!/usr/bin/env bash
# The long run of the fuzzing test (tests/fuzz.rs): the repository's fixture
# workbooks truncated, with bytes flipped, and with their XML edited, each
# checked (every tenth run) by the binary; every case must end in success or
# in problems naming the file — never a panic, a hang or exit 3.
#
#   bench/fuzz.sh          # 3 × 3000 cases (about 2½ minutes on 2 cores)
#   CASES=20000 bench/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tertial-target}"
TERTIAL_FUZZ_CASES="${CASES:-3000}" cargo test --release --test fuzz
