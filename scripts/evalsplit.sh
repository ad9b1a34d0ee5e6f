#!/usr/bin/env bash
# Splits the real dev set for honest extraction measurement (issue 13).
#
# The 52 documents listed last in ../shared/eval/dev/MANIFEST.tsv were added
# after the extractor was written. They are split by a fixed seed into a
# tuning part (35) and a check part (17) that is read only at the end. The
# parts are built as folders of symlinks so score_extraction.py can score
# each:
#
#   scripts/evalsplit.sh /tmp/evalsplit
#   python3 ../shared/tools/score_extraction.py BIN /tmp/evalsplit/tune
#   python3 ../shared/tools/score_extraction.py BIN /tmp/evalsplit/check
#   python3 ../shared/tools/score_extraction.py BIN /tmp/evalsplit/old   # the 19 + 5 seeds written against
set -euo pipefail
dev="$(cd "$(dirname "$0")/../../shared/eval/dev" && pwd)"
out="${1:?usage: evalsplit.sh OUTDIR}"
seed="stocktake-evalsplit-2026-12-02"
rm -rf "$out"; mkdir -p "$out/tune" "$out/check" "$out/old"
link() { # link PART RELPATH
  local d="$out/$1/$(dirname "$2")"; mkdir -p "$d"
  ln -s "$dev/$2" "$d/"; ln -s "$dev/${2%.txt}.json" "$d/"
}
awk -F'\t' 'NR > 1 && NR <= 20 {print $1}' "$dev/MANIFEST.tsv" | while read -r p; do link old "$p"; done
for p in "$dev"/seeds/*.txt; do link old "seeds/$(basename "$p")"; done
tail -n +2 "$dev/MANIFEST.tsv" | cut -f1 | tail -n 52 |
  while read -r p; do printf '%s %s\n' "$(printf '%s' "$seed:$p" | sha256sum | cut -c1-16)" "$p"; done |
  sort | awk '{print $2}' | {
    i=0
    while read -r p; do
      if [ $i -lt 35 ]; then link tune "$p"; else link check "$p"; fi
      i=$((i+1))
    done
  }
echo "old $(find "$out/old" -name '*.txt' | wc -l), tune $(find "$out/tune" -name '*.txt' | wc -l), check $(find "$out/check" -name '*.txt' | wc -l)"
