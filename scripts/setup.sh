#!/usr/bin/env bash
# Set up everything the dashboard needs, idempotently: Python 3.11+ with venv, the .venv/ environment with
# the pinned packages, and the Debian packages of the handouts (Chromium, pango, fonts); with "test" also
# poppler-utils (Chromium runs the end-to-end tests too); with "test" or "serve" Debian's nginx.
# Usage: bash scripts/setup.sh [test|serve]
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=${1:-}
apt_updated=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "setup: need the Debian packages '$*' — run this as root, or: sudo apt-get install -y $*" >&2
    exit 1
  fi
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# 1. Python 3.11+ with venv (Debian splits venv and pip out of python3).
if ! command -v python3 >/dev/null || ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  apt_install python3 python3-venv python3-pip
fi
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv 2>/dev/null || { apt_install python3-venv; rm -rf .venv; python3 -m venv .venv; }
fi

# 2. The packages, pinned in pyproject.toml; reinstalled only when pyproject.toml changes.
extra=""
[ "$want_test" = test ] && extra="[test]"
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-12)${extra:+-test}"
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python packages into .venv/ ..."
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# 3. Debian packages. Chromium draws the handouts' pictures (kaleido) and runs the browser tests; pango lays
#    out the PDF handout (weasyprint); DejaVu and Liberation give both Cyrillic; the tests render PDF pages
#    with poppler-utils.
need=()
command -v chromium >/dev/null || need+=(chromium)
for pkg in fonts-dejavu-core fonts-liberation libpango-1.0-0 libpangoft2-1.0-0; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "$want_test" = test ] && ! command -v pdftoppm >/dev/null; then need+=(poppler-utils); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]} ..."
  apt_install "${need[@]}"
fi

# 4. For several replicas behind a load balancer (scripts/serve.sh) and its tests: Debian's nginx.
if { [ "$want_test" = test ] || [ "$want_test" = serve ]; } && ! command -v nginx >/dev/null \
  && [ ! -x /usr/sbin/nginx ]; then
  echo "setup: installing Debian's nginx for scripts/serve.sh ..."
  apt_install nginx-light
fi
