#!/usr/bin/env bash
# Configuration as code, end to end through the real CLI and SQLite files: export, apply to an empty
# database (same export back), apply twice (no changes), plans, dry runs, and bad files with line numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
ACCORD_BIN=${ACCORD_BIN:-$PWD/.build/debug/accord}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

source_db="sqlite://$work/source.sqlite"
target_db="sqlite://$work/target.sqlite"

# A source database as `serve` would seed it (demo property, version 1), without starting a server.
"$ACCORD_BIN" config apply - --yes --database-url "$source_db" >/dev/null <<'YAML'
format: 1
properties:
  - id: demo
    name: Demo site
    allowedOrigins: ["http://localhost:*"]
    locales: [en, de]
    purposes:
      - {key: necessary, name: Necessary, description: Needed., isRequired: true, legalBasis: legalObligation,
         translations: {de: {name: Notwendig, description: Nötig.}}}
      - {key: analytics, name: Analytics, description: Counting visits., vendors: [Plausible Insights],
         translations: {de: {name: Statistik, description: Besuche zählen.}}}
    texts: {de: {title: Ihre Wahl}}
    controller: {name: Demo GmbH, contact: privacy@demo.example}
    privacyPolicyURLs: {en: "https://demo.example/privacy", de: "https://demo.example/datenschutz"}
YAML
"$ACCORD_BIN" config export --database-url "$source_db" > "$work/exported.yaml"
check "export names the property" grep -q "id: demo" "$work/exported.yaml"
check "export carries no secrets" bash -c "! grep -qiE 'acc_|secret|signing' '$work/exported.yaml'"

plan=$("$ACCORD_BIN" config apply "$work/exported.yaml" --dry-run --database-url "$target_db")
check "dry run plans the new property" grep -q "+ property demo" <<<"$plan"
check "dry run changes nothing" bash -c "! '$ACCORD_BIN' config export --database-url '$target_db' 2>/dev/null | grep -q 'id: demo'"
"$ACCORD_BIN" config apply "$work/exported.yaml" --yes --database-url "$target_db" >/dev/null
"$ACCORD_BIN" config export --database-url "$target_db" > "$work/reexported.yaml"
check "apply to an empty database reproduces the setup exactly" diff -u "$work/exported.yaml" "$work/reexported.yaml"
again=$("$ACCORD_BIN" config apply "$work/exported.yaml" --yes --database-url "$target_db")
check "applying twice changes nothing" test "$again" = "no changes"
check "configuration history verifies" bash -c "'$ACCORD_BIN' audit verify --database-url '$target_db' | grep -q 'configuration changes'"

sed 's/description: Counting visits./description: Counting visits and heatmaps./' "$work/exported.yaml" > "$work/changed.yaml"
changed=$("$ACCORD_BIN" config apply "$work/changed.yaml" --database-url "$target_db")
check "a wording change needs a new version asking again for that purpose" grep -q "asked again: analytics" <<<"$changed"
check "without --yes nothing is applied" grep -q "run again with --yes" <<<"$changed"
check "export keeps the controller, the privacy policies and the vendors" bash -c \
    "grep -q 'Demo GmbH' '$work/exported.yaml' && grep -q 'https://demo.example/datenschutz' '$work/exported.yaml' && grep -q 'Plausible Insights' '$work/exported.yaml'"
check "a property with a privacy policy publishes without a warning" bash -c '! grep -q "^warning:" <<<"$1"' _ "$changed"
bare=$(printf 'format: 1\nproperties:\n  - id: shop\n    name: Shop\n' | "$ACCORD_BIN" config apply - --dry-run --database-url "$target_db")
check "publishing without a privacy policy warns" grep -q "^warning: property shop: No privacy-policy URL for en" <<<"$bare"

expect_error() {  # name, file contents, expected line fragment
    local name=$1 expected=$3
    printf '%s\n' "$2" > "$work/bad.yaml"
    local output status=0
    output=$("$ACCORD_BIN" config apply "$work/bad.yaml" --database-url "$target_db" 2>&1) || status=$?
    if [ "$status" -ne 0 ] && [ "$(wc -l <<<"$output")" -eq 1 ] && grep -qF "$expected" <<<"$output"; then
        pass "$name"
    else
        fail "$name (exit $status): $output"
    fi
}
expect_error "unknown region names its line" "$(printf 'format: 1\nproperties:\n  - id: shop\n    name: Shop\n    defaultRegion: XX\n')" "bad.yaml:5: properties[0].defaultRegion"
expect_error "duplicate purpose keys name their line" "$(printf 'format: 1\nproperties:\n  - id: shop\n    name: Shop\n    purposes:\n      - {key: a, name: A, description: a}\n      - {key: a, name: B, description: b}\n')" "bad.yaml:7: properties[0].purposes[1].key"
expect_error "wrong types name their line" "$(printf 'format: 1\nproperties:\n  - id: shop\n    name: Shop\n    cookieLifetimeDays: many\n')" "bad.yaml:5:"
expect_error "malformed YAML names its line" "$(printf 'format: 1\nproperties:\n  - id: [shop\n')" "bad.yaml: 4:"
expect_error "missing translations name the field" "$(printf 'format: 1\nproperties:\n  - id: shop\n    name: Shop\n    locales: [en, sv]\n')" "properties[0].texts.sv.title"
# Found by the yaml fuzz harness: Yams reads colon numbers as base 60 with trapping arithmetic; an overflowing one
# used to end the process. It must be a located error, for the document's own field and for a nested integer.
expect_error "an overflowing base-60 format names its line" "format: 2555:2:+000000000002555:2:+00000555:2:+00000002555:2:+00000000020492:+0000" "bad.yaml:1: format: 2555:2:"
expect_error "an overflowing base-60 number deep in a property names its path" "$(printf 'format: 1\nproperties:\n  - id: shop\n    name: Shop\n    cookieLifetimeDays: 1:2:3:4:5:6:7:8:9:10:11:12\n')" "bad.yaml:5: properties[0].cookieLifetimeDays: 1:2:3"

[ "$failures" -eq 0 ] || { echo "$failures config checks failed"; exit 1; }
echo "all config checks passed"
