#!/usr/bin/env bash
# Installs the Debian packages the tests use as real readers, when missing:
# chromium + chromium-driver (browser tests, driven by Playwright with executablePath),
# poppler-utils (pdftotext, pdftoppm), nodejs + npm (`npm ci`: the front-end assets of the
# public pages), libharfbuzz-subset0 (WeasyPrint subsets fonts with it: a PDF diagnostic in
# about two thirds of the time fontTools takes). Needs root (as in CI); otherwise says what to run.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium chromium-driver)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset\.so\.0' || missing+=(libharfbuzz-subset0)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
