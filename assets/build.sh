#!/usr/bin/env bash
# Rebuild the toolkit's stylesheet and chart script from assets/ (needs Node.js and npm),
# then the compressed copies of every static file (needs the toolkit's Python environment).
# The results are committed so installing the toolkit needs no Node.js.
# package-lock.json pins every package, so the same sources give the same files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
static="$here/../toolkit/static"
# The toolkit's own environment, where its README makes it.
python=${PYTHON:-$here/../.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/plotly-entry.js" "$work/"
(cd "$work" && npm ci --silent --no-audit --no-fund >/dev/null)
modules="$work/node_modules"

"$modules/.bin/sass" --load-path="$modules" --style=compressed --no-source-map --quiet-deps \
  --load-path="$here" "$here/toolkit.scss" "$static/css/toolkit.css"

# plotly.js with only the trace types the toolkit draws, in the shape of plotly's own
# build (one global, Plotly). The maps' stylesheet is left out: no map is ever drawn.
mkdir -p "$static/plotly"
(cd "$work" && "$modules/.bin/esbuild" plotly-entry.js --bundle --minify \
  --format=iife --global-name=Plotly --define:global=window --define:define.amd=false \
  --target=es2016 --legal-comments=eof --loader:.css=empty --log-level=warning \
  --outfile="$static/plotly/plotly.min.js")
cp "$modules/plotly.js/LICENSE" "$static/plotly/LICENSE"

(cd "$here/.." && "$python" -m toolkit.web.static_files "$static" >/dev/null)
echo "wrote toolkit/static: css/toolkit.css, plotly/, compressed copies"
