#!/usr/bin/env bash
# Installs Rehearse as a desktop application under a prefix, or removes it: the binary, the
# .desktop entry, the icon in the hicolor sizes, the AppStream metainfo and the MIME type of
# *.pack.json. This table of files is the only one: `make install`, `make uninstall` and the
# .deb (`make deb`, which stages the share/ part with `stage`) all use it.
#   scripts/desktop-files.sh install BIN PREFIX   (make install: PREFIX=~/.local)
#   scripts/desktop-files.sh uninstall PREFIX
#   scripts/desktop-files.sh stage DIR            the share/ files only, under DIR/share
#   scripts/desktop-files.sh list                 the installed paths, relative to PREFIX
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
id=org.rehearse.Rehearse
sizes="16 24 32 48 64 128 256"

# "source destination" pairs, destinations relative to the prefix.
files() {
  echo "assets/desktop/$id.desktop share/applications/$id.desktop"
  echo "assets/desktop/$id.metainfo.xml share/metainfo/$id.metainfo.xml"
  echo "assets/desktop/$id.mime.xml share/mime/packages/$id.xml"
  local s
  for s in $sizes; do
    echo "assets/icons/hicolor/${s}x$s/apps/$id.png share/icons/hicolor/${s}x$s/apps/$id.png"
  done
  local pack
  for pack in "$root"/question_packs/*.pack.json; do
    echo "question_packs/${pack##*/} share/rehearse/question_packs/${pack##*/}"
  done
  # The speech model's pinned download, for an installed Rehearse (run with bash: the
  # .deb's assets are all mode 644):
  #   bash PREFIX/share/rehearse/fetch-model.sh && rehearse model install
  echo "scripts/fetch-model.sh share/rehearse/fetch-model.sh"
  local pin
  for pin in "$root"/scripts/models/*.txt; do
    echo "scripts/models/${pin##*/} share/rehearse/models/${pin##*/}"
  done
}

# Refreshes the desktop's caches under PREFIX/share where the tools exist (none is needed for
# the files to work; they make the launcher and file manager notice at once).
refresh() {
  local share=$1/share
  if command -v update-mime-database >/dev/null && [ -d "$share/mime/packages" ]; then
    update-mime-database "$share/mime" >/dev/null 2>&1 || true
  fi
  if command -v update-desktop-database >/dev/null && [ -d "$share/applications" ]; then
    update-desktop-database "$share/applications" >/dev/null 2>&1 || true
  fi
  if command -v gtk-update-icon-cache >/dev/null && [ -d "$share/icons/hicolor" ]; then
    gtk-update-icon-cache -f -t -q "$share/icons/hicolor" >/dev/null 2>&1 || true
  fi
}

copy_share() {
  local prefix=$1 src dest
  while read -r src dest; do
    install -D -m 644 "$root/$src" "$prefix/$dest"
  done < <(files)
}

case ${1:-} in
  install)
    bin=${2:?BIN}; prefix=${3:?PREFIX}
    [ -x "$bin" ] || { echo "desktop-files: no binary at $bin (build it first)" >&2; exit 1; }
    install -D -m 755 "$bin" "$prefix/bin/rehearse"
    copy_share "$prefix"
    # A launcher may not have PREFIX/bin on its PATH: name the binary in full.
    sed -i "s|^Exec=rehearse |Exec=$prefix/bin/rehearse |" "$prefix/share/applications/$id.desktop"
    refresh "$prefix"
    echo "desktop-files: installed rehearse in $prefix/bin and its desktop entry, icon, metainfo and pack type in $prefix/share"
    ;;
  uninstall)
    prefix=${2:?PREFIX}
    rm -f "$prefix/bin/rehearse"
    while read -r _ dest; do
      rm -f "$prefix/$dest"
      # Folders left empty go too, up to share/ (never a folder with anything else in it).
      d=$(dirname "$prefix/$dest")
      while [ "$d" != "$prefix/share" ] && rmdir "$d" 2>/dev/null; do d=$(dirname "$d"); done
    done < <(files)
    refresh "$prefix"
    # Caches that now describe nothing (no MIME package, desktop entry or icon left) go too.
    share=$prefix/share
    if [ -d "$share/mime" ] && [ ! -d "$share/mime/packages" ]; then rm -rf "$share/mime"; fi
    if [ -z "$(ls "$share/applications"/*.desktop 2>/dev/null)" ]; then
      rm -f "$share/applications/mimeinfo.cache"
      rmdir "$share/applications" 2>/dev/null || true
    fi
    if [ -z "$(find "$share/icons/hicolor" -name '*.png' 2>/dev/null | head -1)" ]; then
      rm -f "$share/icons/hicolor/icon-theme.cache"
      rmdir "$share/icons/hicolor" "$share/icons" 2>/dev/null || true
    fi
    echo "desktop-files: removed rehearse from $prefix"
    ;;
  stage)
    copy_share "${2:?DIR}"
    ;;
  list)
    echo bin/rehearse
    files | while read -r _ dest; do echo "$dest"; done
    ;;
  *)
    sed -n '2,10p' "$0" >&2
    exit 2
    ;;
esac
