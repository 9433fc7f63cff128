#!/usr/bin/env bash
# Gather every translatable string from toolkit/ and templates/, merge them into the
# Welsh catalogue, and compile it. Run after changing any user-facing text, then
# translate the new entries in cy/LC_MESSAGES/messages.po and run this again.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=toolkit/translations
pybabel extract -F babel.cfg -k _l -k lazy_gettext -k RoundError -k Term --add-location=file --sort-by-file \
  --project="Relationship standards toolkit" --copyright-holder="The toolkit's contributors" \
  -o "$here/messages.pot" .
if [ -f "$here/cy/LC_MESSAGES/messages.po" ]; then
  pybabel update -i "$here/messages.pot" -d "$here" -l cy --no-fuzzy-matching
else
  pybabel init -i "$here/messages.pot" -d "$here" -l cy
fi
pybabel compile -d "$here" -l cy --statistics
