#!/usr/bin/env bash
# Builds the database driver (better-sqlite3-multiple-ciphers) against Electron's headers, for the
# desktop app: `npm run build:native-electron`.
#
#   Output:   native/electron/better_sqlite3.node  (+ build-info.json), or $NATIVE_OUT_DIR/ (the
#             release script builds each architecture into native/release/<arch>/, which is what
#             electron-builder.yml packs)
#   Needs:    internet access (Electron's headers), Python 3 and a C/C++ toolchain
#             (Linux: build-essential; macOS: Xcode command-line tools; Windows: VS Build Tools,
#             run from Git Bash). Build on the OS and CPU architecture the app will run on.
#
# The Node build in node_modules/better-sqlite3-multiple-ciphers/build/ is what the tests and
# browser mode load, so this script never touches it: it compiles a copy of the package in a
# temporary folder, and the shell loads the result through the driver's `nativeBinding` option.
# When packaging, electron-builder.yml copies it to resources/native/better_sqlite3.node.
#
# Overrides: ELECTRON_ARCH (default: this machine's), ELECTRON_HEADERS_URL, NATIVE_OUT_DIR.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pkg_dir="$repo_root/node_modules/better-sqlite3-multiple-ciphers"
electron_pkg="$repo_root/node_modules/electron/package.json"
out_dir="${NATIVE_OUT_DIR:-$repo_root/native/electron}"
headers_url="${ELECTRON_HEADERS_URL:-https://electronjs.org/headers}"

fail() {
  printf 'build-native-electron: %s\n' "$*" >&2
  exit 1
}

# This machine's npm config may set nodedir (e.g. /usr): node-gyp would then silently compile
# against Node's headers instead of Electron's, producing a driver Electron cannot load.
unset npm_config_nodedir NPM_CONFIG_NODEDIR npm_config_target npm_config_runtime npm_config_disturl

[[ -f "$pkg_dir/binding.gyp" ]] || fail "node_modules/better-sqlite3-multiple-ciphers is missing; run \`npm ci\` first."
[[ -f "$electron_pkg" ]] || fail "node_modules/electron is missing; run \`npm ci\` first."
command -v node >/dev/null || fail "node is not on PATH."

electron_version="$(node -p "require(process.argv[1]).version" "$electron_pkg")"
[[ "$electron_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "could not read Electron's version from $electron_pkg."
arch="${ELECTRON_ARCH:-$(node -p 'process.arch')}"

# node-gyp ships with npm; npm exports its path to scripts. Fall back to npx (fetches it).
node_gyp=()
if [[ -n "${npm_config_node_gyp:-}" && -f "${npm_config_node_gyp}" ]]; then
  node_gyp=(node "$npm_config_node_gyp")
else
  node_gyp=(npx --yes node-gyp)
fi

# Fail fast, with a clear message, when the headers cannot be fetched (no internet).
tarball="$headers_url/v$electron_version/node-v$electron_version-headers.tar.gz"
echo "build-native-electron: checking $tarball"
if command -v curl >/dev/null; then
  reachable() { curl --silent --show-error --fail --location --head --max-time 20 --output /dev/null "$tarball"; }
else
  reachable() {
    node -e 'fetch(process.argv[1], { method: "HEAD", signal: AbortSignal.timeout(20000) })
      .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$tarball"
  }
fi
if ! reachable; then
  fail "cannot download Electron $electron_version's headers from $headers_url.
This script needs internet access. Run \`npm run build:native-electron\` on a machine with internet
(same OS and CPU architecture as this one), then copy native/electron/better_sqlite3.node here.
Until then, \`npm start -- --browser\` runs the app in browser mode."
fi

# Fingerprint of the Node build, to prove afterwards that it was left alone.
node_build="$pkg_dir/build/Release/better_sqlite3.node"
fingerprint() { if [[ -f "$node_build" ]]; then cksum <"$node_build"; else echo absent; fi; }
before="$(fingerprint)"

work="$(mktemp -d "${TMPDIR:-/tmp}/clinic-native-electron.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir "$work/pkg"
# A copy of the package without its build/ (the Node build stays where it is, untouched).
tar -C "$pkg_dir" --exclude=./build -cf - . | tar -C "$work/pkg" -xf -

echo "build-native-electron: compiling for Electron $electron_version ($arch) in $work"
(
  cd "$work/pkg"
  "${node_gyp[@]}" rebuild --release \
    --runtime=electron --target="$electron_version" --arch="$arch" \
    --dist-url="$headers_url" --devdir="$work/gyp"
)

built="$work/pkg/build/Release/better_sqlite3.node"
[[ -f "$built" ]] || fail "node-gyp finished but $built is missing."
[[ "$(fingerprint)" == "$before" ]] || fail "the Node build in node_modules changed; this must never happen."

mkdir -p "$out_dir"
cp "$built" "$out_dir/better_sqlite3.node.tmp"
mv -f "$out_dir/better_sqlite3.node.tmp" "$out_dir/better_sqlite3.node"
node -e '
  const [file, electron, arch] = process.argv.slice(1);
  const info = { electron, arch, platform: process.platform, builtAt: new Date().toISOString() };
  require("fs").writeFileSync(file, JSON.stringify(info, null, 2) + "\n");
' "$out_dir/build-info.json" "$electron_version" "$arch"
echo "build-native-electron: wrote $out_dir/better_sqlite3.node (Electron $electron_version, $arch)"
