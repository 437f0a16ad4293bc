#!/usr/bin/env bash
# tools/make_fonts.sh — rebuild the self-hosted web fonts in static/fonts/.
#
# Subsets the Noto fonts shipped by Debian's `fonts-noto-core` package into
# small WOFF2 files with `pyftsubset` (fonttools, WOFF2 needs `brotli`).
# The output is committed; run this again only to change the subsets or to
# pick up a newer Noto release.  See docs/fonts.md.
#
# Usage:  tools/make_fonts.sh            (from anywhere inside the repo)
# Needs:  apt-get install fonts-noto-core
#         pip install fonttools brotli   (both are in the project's .venv)
# Env:    NOTO_DIR  where the .ttf files are (default: Debian's location)
#         PYFTSUBSET  the pyftsubset command (default: .venv's, else PATH)

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NOTO_DIR="${NOTO_DIR:-/usr/share/fonts/truetype/noto}"
OUT="$ROOT/static/fonts"

if [[ -z "${PYFTSUBSET:-}" ]]; then
  if [[ -x "$ROOT/.venv/bin/pyftsubset" ]]; then
    PYFTSUBSET="$ROOT/.venv/bin/pyftsubset"
  else
    PYFTSUBSET="pyftsubset"
  fi
fi

# Unicode ranges.  Keep them in step with the unicode-range descriptors of
# the @font-face rules in static/css/site.css.
#   Lao block, zero-width space / non-joiner / joiner, dotted circle (the
#   base the shaper shows under a stray vowel or tone mark).
LAO_RANGES="U+0E80-0EFF,U+200B-200D,U+25CC"
#   Basic Latin + Latin-1, dashes/quotes/bullets/ellipsis, per-mille to
#   single guillemets, euro sign, kip sign (₭), trade mark.
LATIN_RANGES="U+0000-00FF,U+2010-2027,U+2030-203A,U+20AC,U+20AD,U+2122"

# Options shared by every subset:
#   --no-hinting       drop TrueType hinting: it is bulky and high-density
#                      phone screens render unhinted outlines well.
#   --desubroutinize   compresses better (matters for CFF fonts only;
#                      harmless for these TrueType ones).
#   --name-IDs         keep the family names plus the copyright (0), licence
#                      description (13) and licence URL (14), which the OFL
#                      asks to travel with the font; nothing else.
#   --drop-tables+=DSIG  an empty signature, useless on the web.
#   --flavor=woff2     WOFF2 container, brotli-compressed.
COMMON=(
  --no-hinting
  --desubroutinize
  --name-IDs=0,1,2,3,4,5,6,13,14
  --name-languages=0x0409
  --drop-tables+=DSIG
  --flavor=woff2
)

# OpenType layout features kept:
#   Lao: all of them ('*'): ccmp, mark and mkmk position and stack the
#        vowel signs and tone marks; dropping any breaks Lao rendering.
#   Latin: pyftsubset's default set (kern, liga, locl, ccmp, mark, frac...)
#        plus tnum (tabular figures for .data-table); dropping small caps,
#        old-style figures etc. saves about 5 KB.
LAO_FEATURES="--layout-features=*"
LATIN_FEATURES="--layout-features+=tnum"

# subset <source .ttf> <unicode ranges> <features option> <output .woff2>
subset() {
  local src="$NOTO_DIR/$1"
  if [[ ! -f "$src" ]]; then
    echo "missing $src (install the fonts-noto-core package)" >&2
    exit 1
  fi
  "$PYFTSUBSET" "$src" --unicodes="$2" "$3" \
    --output-file="$OUT/$4" "${COMMON[@]}"
  printf '%-28s %6d bytes\n' "$4" "$(wc -c < "$OUT/$4")"
}

mkdir -p "$OUT"

# Debian's Noto Sans Lao is static (no variable-weight font), so two files.
subset NotoSansLao-Regular.ttf "$LAO_RANGES" "$LAO_FEATURES" noto-sans-lao.woff2
subset NotoSansLao-Bold.ttf    "$LAO_RANGES" "$LAO_FEATURES" noto-sans-lao-bold.woff2
# One Latin weight; the browser synthesises bold for Latin headings.
subset NotoSans-Regular.ttf    "$LATIN_RANGES" "$LATIN_FEATURES" noto-sans-latin.woff2
