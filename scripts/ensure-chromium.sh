#!/usr/bin/env bash
# npm test opens the generated HTML report in Debian's headless Chromium (test/report-browser.test.ts).
# Installs it when it is missing and this user may (root with apt-get); otherwise says how, and stops.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "pc-contract: installing Debian's chromium for the report test (about 30 s, once)" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "pc-contract: npm test needs Debian's chromium at /usr/bin/chromium: sudo apt-get install -y chromium" >&2
exit 1
