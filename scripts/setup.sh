#!/usr/bin/env bash
# Install everything the project needs on Debian 12, from a fresh clone:
#   - the system libraries WeasyPrint needs, a Simplified Chinese font (Noto CJK), gettext, poppler-utils;
#     with --test also Debian's Chromium (the browser tests drive /usr/bin/chromium through Playwright);
#   - .venv with the dependencies listed in pyproject.toml (plus its [test] extra with --test);
#   - the compiled translations (.mo files).
# Safe to run again: apt is only touched when a package is missing, so a second run takes a few seconds.
#
# usage: scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1 fontconfig
    # Without the subsetter WeasyPrint embeds fonts far more slowly (shared/PRINTING.md: 0.3 s → 8.9 s a ballot).
    libharfbuzz-subset0
    # A new machine has no Chinese font at all; Noto has every GBK hanzi, Extension A and a real bold face.
    fonts-noto-cjk
    gettext poppler-utils
)
# nginx: tests/ops checks the shipped site with `nginx -t` (the light flavour suffices; nothing is started).
TEST_APT_PACKAGES=(chromium chromium-driver nginx-light)

with_test=0
for arg in "$@"; do
    case "$arg" in
        --test) with_test=1 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "setup: unknown argument $arg (usage: scripts/setup.sh [--test])" >&2; exit 2 ;;
    esac
done

say() { echo "setup: $*"; }
die() { echo "setup: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing_packages() {
    local p
    for p in "$@"; do
        [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || echo "$p"
    done
}

apt_install() {
    local missing
    missing=$(missing_packages "$@" | tr '\n' ' ')
    [ -z "${missing// /}" ] && return 0
    command -v apt-get >/dev/null || die "missing system packages ($missing) and no apt-get to install them"
    say "installing system packages: $missing"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086  # one word per package
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing </dev/null
}

python_ok() {  # pyproject: requires-python = ">=3.11,<3.13"
    "$1" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 13)))' 2>/dev/null
}

pick_python() {
    local cand
    for cand in ${PYTHON:-} python3.11 python3.12 python3; do
        if command -v "$cand" >/dev/null && python_ok "$cand"; then
            echo "$cand"
            return 0
        fi
    done
    die "no Python 3.11 or 3.12 found (set PYTHON=/path/to/python3.11)"
}

make_venv() {
    if [ -x .venv/bin/python ] && python_ok .venv/bin/python; then
        return 0
    fi
    if [ -e .venv ]; then
        say ".venv is broken or has the wrong Python; recreating it"
        rm -rf .venv
    fi
    local py
    py=$(pick_python)
    say "creating .venv with $py ($("$py" --version 2>&1))"
    if ! "$py" -m venv .venv; then
        # Debian's own python3 ships venv support separately.
        rm -rf .venv
        apt_install python3-venv
        "$py" -m venv .venv
    fi
}

# pyproject.toml is the one list of dependencies: read it rather than keep a requirements file beside it.
requirements() {
    .venv/bin/python - "$@" <<'EOF'
import sys
import tomllib

with open("pyproject.toml", "rb") as f:
    project = tomllib.load(f)["project"]
reqs = list(project["dependencies"])
for extra in sys.argv[1:]:
    reqs += project["optional-dependencies"][extra]
print("\n".join(reqs))
EOF
}

install_python_packages() {
    local extras=()
    [ "$with_test" -eq 1 ] && extras=(test)
    local reqs=()
    mapfile -t reqs < <(requirements "${extras[@]}")
    # Already-satisfied requirements need no network: this is a second or two when nothing changed.
    PIP_DISABLE_PIP_VERSION_CHECK=1 .venv/bin/python -m pip install -q "${reqs[@]}"
}

has_noto_sc() {  # grep reads everything (no -q): an early exit would SIGPIPE fc-list under pipefail
    fc-list :lang=zh family | grep "Noto Sans CJK SC" >/dev/null
}

check_chinese_font() {
    if ! has_noto_sc; then
        fc-cache -f >/dev/null 2>&1 || true
        has_noto_sc || die "fontconfig finds no 'Noto Sans CJK SC' (fc-list :lang=zh): PDFs would print names as boxes"
    fi
}

packages=("${APT_PACKAGES[@]}")
[ "$with_test" -eq 1 ] && packages+=("${TEST_APT_PACKAGES[@]}")
apt_install "${packages[@]}"
check_chinese_font
if [ "$with_test" -eq 1 ] && [ ! -x /usr/bin/chromium ]; then
    die "/usr/bin/chromium is missing after installing chromium"
fi

make_venv
install_python_packages
# .po → .mo; .venv holds Django's own (already compiled) catalogues: leave them be.
DJANGO_DEV=1 .venv/bin/python manage.py compilemessages --ignore .venv -v 0
say "ready ($(.venv/bin/python --version), $([ "$with_test" -eq 1 ] && echo "with" || echo "without") test tools)"
