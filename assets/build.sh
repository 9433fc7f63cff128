#!/usr/bin/env bash
# Rebuild toolkit/static/css/toolkit.css from assets/ (needs Node.js and npm).
# The compiled file is committed so installing the toolkit needs no Node.js.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
cd "$work"
npm init -y >/dev/null
npm install --silent govuk-frontend@6.3.0 sass@1 >/dev/null
npx sass --load-path=node_modules --style=compressed --no-source-map --quiet-deps \
  --load-path="$here" "$here/toolkit.scss" "$here/../toolkit/static/css/toolkit.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$here/../toolkit/static/govuk-frontend.min.js"
rm -rf "$work"
echo "wrote toolkit/static/css/toolkit.css"
