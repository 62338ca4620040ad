#!/usr/bin/env bash
# The data map through the real CLI and SQLite files: a system with a SQLite connector set in configuration as code
# (connection as env:NAME), exported and applied again unchanged, then `accord systems check` against a real
# customer database file: clean, then with a dataset that names a missing column and a NOT NULL column to null.
set -euo pipefail
cd "$(dirname "$0")/.."
ACCORD_BIN=${ACCORD_BIN:-$PWD/.build/debug/accord}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

db="sqlite://$work/accord.sqlite"
python3 - "$work/crm.sqlite" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("""
CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, score INTEGER);
CREATE TABLE notes (id INTEGER PRIMARY KEY, contact_id INTEGER REFERENCES contacts(id), body TEXT);
""")
c.commit()
PY

write_config() { # $1: the dataset's extra field for contacts
cat > "$work/config.yaml" <<YAML
format: 1
properties:
  - id: shop
    name: Shop
    allowedOrigins: ["http://localhost:*"]
    purposes:
      - {key: necessary, name: Necessary, description: Needed., isRequired: true, legalBasis: legalObligation}
systems:
  shop:
    crm:
      name: CRM
      owner: Sales
      categories: [identifiers, inferences]
      sources: [website form]
      thirdParties: [{name: Mailer, relation: sharedWith}]
      connector:
        kind: sqlite
        connection: env:CRM_DB
        dataset:
          collections:
            contacts:
              primaryKey: id
              identities: {email: email}
              fields:
                email: {categories: [identifiers], erase: {fixed: erased}}
                name: {categories: [identifiers]}
$1
            notes:
              primaryKey: id
              references: {contact_id: contacts.id}
              fields:
                body: {categories: [inferences], erase: hash}
YAML
}

write_config ""
plan=$("$ACCORD_BIN" config apply "$work/config.yaml" --yes --database-url "$db")
check "apply adds the system" grep -q "+ system shop/crm" <<<"$plan"
"$ACCORD_BIN" config export --database-url "$db" > "$work/exported.yaml"
check "export carries the system and its env connection" grep -q "connection: env:CRM_DB" "$work/exported.yaml"
again=$("$ACCORD_BIN" config apply "$work/exported.yaml" --yes --database-url "$db")
check "the export applies with no changes" grep -q "no changes" <<<"$again"

ok=$(CRM_DB="sqlite://$work/crm.sqlite" "$ACCORD_BIN" systems check crm --database-url "$db")
check "check passes against the CRM file" grep -q "^ok: shop/crm" <<<"$ok"

unset_status=0
CRM_DB= "$ACCORD_BIN" systems check crm --database-url "$db" >/dev/null 2>&1 || unset_status=$?
check "check fails without its database" test "$unset_status" -ne 0

write_config "                phone: {categories: [identifiers]}
                score: {categories: [inferences], erase: {fixed: none}}"
"$ACCORD_BIN" config apply "$work/config.yaml" --yes --database-url "$db" >/dev/null
status=0
output=$(CRM_DB="sqlite://$work/crm.sqlite" "$ACCORD_BIN" systems check crm --database-url "$db" 2>&1) || status=$?
check "check exits 1 on problems" test "$status" -eq 1
check "check names the missing column" grep -q "shop/crm: contacts.phone: no such column (fields)" <<<"$output"
check "check names the text written into a number" grep -q "contacts.score: erase fixed writes text into a INTEGER column" <<<"$output"

bad=$(sed 's/references: {contact_id: contacts.id}/references: {contact_id: nowhere.id}/' "$work/config.yaml")
bad_output=$("$ACCORD_BIN" config apply - --database-url "$db" 2>&1 <<<"$bad") || true
check "a reference to an unknown collection is refused naming the field" \
    grep -q "systems.shop.crm.connector.dataset.collections.notes.references.contact_id" <<<"$bad_output"

if [ "$failures" -ne 0 ]; then echo "$failures data map checks failed"; exit 1; fi
echo "data map end-to-end: all checks passed"
