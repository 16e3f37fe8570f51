#!/usr/bin/env bash
# Installs or uninstalls StdCheck under a prefix; `make install` and `make uninstall` run it.
#
#   scripts/install.sh install   BIN_DIR PREFIX [DESTDIR]
#   scripts/install.sh uninstall PREFIX [DESTDIR]
#
# BIN_DIR holds the built stdcheck and stdcheck-gen (`swift build -c release --show-bin-path`). Installed:
#   PREFIX/bin/stdcheck, PREFIX/bin/stdcheck-gen
#   PREFIX/share/stdcheck/rules/                       the rule packs (found from the executable's real path)
#   PREFIX/share/man/man1/stdcheck.1                   from the command's help (scripts/make-manpage.py)
#   PREFIX/share/bash-completion/completions/stdcheck  \
#   PREFIX/share/zsh/site-functions/_stdcheck           } from `stdcheck --generate-completion-script`
#   PREFIX/share/fish/vendor_completions.d/stdcheck.fish /
# DESTDIR (for packagers) is prepended to every path written, never to the paths the program looks in.
# Uninstall removes those files and the folders they leave empty under the prefix.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

usage() {
    echo "usage: $0 install BIN_DIR PREFIX [DESTDIR] | $0 uninstall PREFIX [DESTDIR]" >&2
    exit 2
}

# Every file installed, relative to the prefix (the rules folder as a whole).
files=(
    bin/stdcheck
    bin/stdcheck-gen
    share/man/man1/stdcheck.1
    share/bash-completion/completions/stdcheck
    share/zsh/site-functions/_stdcheck
    share/fish/vendor_completions.d/stdcheck.fish
)
# Folders install may create, deepest first, removed by uninstall when empty.
folders=(
    share/stdcheck
    share/man/man1 share/man
    share/bash-completion/completions share/bash-completion
    share/zsh/site-functions share/zsh
    share/fish/vendor_completions.d share/fish
    share bin
)

case "${1:-}" in
install)
    [ $# -ge 3 ] && [ $# -le 4 ] || usage
    bin_dir="$2"
    prefix="$3"
    dest="${4:-}${prefix}"
    for product in stdcheck stdcheck-gen; do
        if [ ! -x "$bin_dir/$product" ]; then
            echo "install: no built $product in $bin_dir (run swift build first)" >&2
            exit 2
        fi
    done
    if ! command -v python3 > /dev/null; then
        echo "install: python3 is needed to write the man page" >&2
        exit 2
    fi
    install -d "$dest/bin" "$dest/share/stdcheck" "$dest/share/man/man1" \
        "$dest/share/bash-completion/completions" "$dest/share/zsh/site-functions" \
        "$dest/share/fish/vendor_completions.d"
    install -m 755 "$bin_dir/stdcheck" "$dest/bin/stdcheck"
    install -m 755 "$bin_dir/stdcheck-gen" "$dest/bin/stdcheck-gen"
    # The rules replace whatever an earlier install left, so removed packs do not linger.
    rm -rf "$dest/share/stdcheck/rules"
    cp -R "$root/rules" "$dest/share/stdcheck/rules"
    chmod -R u+rwX,go+rX,go-w "$dest/share/stdcheck/rules"
    built="$bin_dir/stdcheck"
    python3 "$here/make-manpage.py" "$built" > "$dest/share/man/man1/stdcheck.1"
    "$built" --generate-completion-script bash > "$dest/share/bash-completion/completions/stdcheck"
    "$built" --generate-completion-script zsh > "$dest/share/zsh/site-functions/_stdcheck"
    "$built" --generate-completion-script fish > "$dest/share/fish/vendor_completions.d/stdcheck.fish"
    chmod 644 "$dest/share/man/man1/stdcheck.1" "$dest/share/bash-completion/completions/stdcheck" \
        "$dest/share/zsh/site-functions/_stdcheck" "$dest/share/fish/vendor_completions.d/stdcheck.fish"
    echo "installed stdcheck in $dest/bin, its rules in $dest/share/stdcheck/rules"
    ;;
uninstall)
    [ $# -ge 2 ] && [ $# -le 3 ] || usage
    prefix="$2"
    dest="${3:-}${prefix}"
    for file in "${files[@]}"; do rm -f "$dest/$file"; done
    rm -rf "$dest/share/stdcheck/rules"
    for folder in "${folders[@]}"; do
        [ -d "$dest/$folder" ] && rmdir "$dest/$folder" 2> /dev/null || true
    done
    echo "uninstalled stdcheck from $dest"
    ;;
*) usage ;;
esac
