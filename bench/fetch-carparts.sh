#!/usr/bin/env bash
# Caches Hyndman's carparts data set (2,674 monthly car-part demand series, Jan 1998 – Mar 2002; R package expsmooth)
# as a long CSV for bench/intermittent.ts and the CLI: part,month,demand (empty where R has NA).
#
#   bench/fetch-carparts.sh [--rda PATH]
#
# Downloads data/carparts.rda from github.com/robjhyndman/expsmooth (or takes a local copy with --rda), converts it
# with Rscript (base R only) and checks both files' SHA-256, so every run benchmarks the same numbers. The data are
# not committed. Cache folder: $FORETELL_DATA_CACHE, default .foretell/datasets at the repository root.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${FORETELL_DATA_CACHE:-$ROOT/.foretell/datasets}"
RDA_URL="https://raw.githubusercontent.com/robjhyndman/expsmooth/master/data/carparts.rda"
RDA_SHA256="81f1d1f1785278e376651ff447b6b0e0a2cf763373f01d61fe04fad0b7f20b0c"
CSV_SHA256="3e4482eec8ed24a9c4772c46b4eaf8f1a82e3f56bdd4d4c1ace836f993682dd9"

rda=""
if [[ "${1:-}" == "--rda" ]]; then rda="$2"; fi
mkdir -p "$CACHE"
if [[ -z "$rda" ]]; then
  rda="$CACHE/carparts.rda"
  [[ -f "$rda" ]] || curl -fsSL "$RDA_URL" -o "$rda"
fi
check() { # file, expected digest
  local got
  got="$(sha256sum "$1" | cut -d' ' -f1)"
  if [[ "$got" != "$2" ]]; then echo "checksum mismatch for $1: $got, expected $2" >&2; exit 1; fi
}
check "$rda" "$RDA_SHA256"
command -v Rscript >/dev/null || { echo "Rscript is needed to read the .rda file (apt-get install r-base-core)" >&2; exit 1; }
Rscript --vanilla -e '
  args <- commandArgs(trailingOnly = TRUE)
  load(args[1])
  months <- format(seq(as.Date("1998-01-01"), by = "month", length.out = nrow(carparts)), "%Y-%m-%d")
  long <- data.frame(part = rep(colnames(carparts), each = nrow(carparts)), month = months, demand = as.vector(carparts))
  write.csv(long, args[2], row.names = FALSE, quote = FALSE, na = "")
' "$rda" "$CACHE/carparts.csv"
check "$CACHE/carparts.csv" "$CSV_SHA256"
echo "carparts: $CACHE/carparts.csv"
