#!/bin/sh
# Rebuild src/iho_ready/templates/nhsuk-frontend.min.css from the pinned nhsuk-frontend release.
# Needs node and npm; run from anywhere: tools/nhsuk-frontend/build.sh
set -eu
NHSUK_FRONTEND=10.6.1   # https://www.npmjs.com/package/nhsuk-frontend (MIT)
SASS=1.108.2            # dart-sass, to compile it
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm install --silent --no-save --no-audit --no-fund --ignore-scripts "nhsuk-frontend@$NHSUK_FRONTEND" "sass@$SASS"
node_modules/.bin/sass --no-source-map --style=compressed --quiet --load-path=node_modules \
  "$here/pages.scss" pages.css
out="$root/src/iho_ready/templates/nhsuk-frontend.min.css"
{
  printf '/* nhsuk-frontend %s (MIT, Copyright (c) 2019 NHS.UK), only the parts the pages use:\n' "$NHSUK_FRONTEND"
  printf '   compiled from tools/nhsuk-frontend/pages.scss by tools/nhsuk-frontend/build.sh. Do not edit. */\n'
  sed "1s/^\xEF\xBB\xBF//" pages.css  # the byte-order mark sass writes before non-ASCII text
  printf '\n'
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"
