#!/usr/bin/env python3
"""What an attacker holding an Accord SQLite file would do (scripts/ops-e2e.sh uses it):

  rewrite_chain.py DB

changes the locale of the first event of the longest consent chain, then recomputes that event's hash and every
later one in the chain, and the chain's head, exactly as Accord computes them (AuditChain.canonicalBytes), so
`accord audit verify` finds nothing wrong. Prints the chain's name. Standard library only.
"""

import hashlib
import sqlite3
import sys


def field(value):
    if value is None:
        return b"-;"
    data = str(value).encode()
    return str(len(data)).encode() + b":" + data + b";"


def text(value):
    """A hash cell as its text: Accord's SQLite file keeps a lowercase hex hash as its 32 bytes."""
    return value.hex() if isinstance(value, bytes) else value


def key(value):
    """An idempotency key cell as its text: the SDK's 32 hex digits are kept as a tag byte 2 and their 16 bytes
    (migration 2026-12-01-compact-sdk-keys); an imported row's key `import-<40 hex digits>` as a tag byte 1
    and its 20 bytes (migration 2026-11-30-compact-import-keys)."""
    if isinstance(value, bytes) and len(value) == 21 and value[0] == 1:
        return "import-" + value[1:].hex()
    if isinstance(value, bytes) and len(value) == 17 and value[0] == 2:
        return value[1:].hex()
    return value


def string_end(data, start):
    index = start + 1
    while data[index] != '"':
        index += 2 if data[index] == "\\" else 1
    return index + 1


def expiries(row):
    """The expiries text: Accord's SQLite file keeps one instant shared by every purpose as its digits, the
    object being the choices' keys (spelled as in the choices text) each with that instant."""
    value = row["expires_at"]
    if value.startswith("{"):
        return value
    choices, parts, index = row["choices"], [], 1
    while True:
        key_end = string_end(choices, index)
        parts.append(choices[index:key_end] + ":" + value)
        value_end = string_end(choices, key_end + 1)
        if choices[value_end] == "}":
            return "{" + ",".join(parts) + "}"
        index = value_end + 1


def canonical(row, chain, position):
    authentication = row["authenticated_by"]
    parts = [
        "accord-event-v1" if authentication is None else "accord-event-v2",
        chain, position, row["id"], row["property_id"], row["subject_key"].hex(), row["choices"], expiries(row),
        row["regime"], row["region"], row["locale"], row["policy_version"], text(row["policy_hash"]), row["source"],
        "1" if row["gpc"] else "0", row["tc_string"], row["gpp_string"], row["ip_prefix"], row["user_agent"],
        row["client_time"], row["recorded_at"], key(row["idempotency_key"]),
    ]
    if authentication is not None:
        parts.append(authentication)
    return b"".join(field(part) for part in parts)


def main():
    db = sqlite3.connect(sys.argv[1])
    db.row_factory = sqlite3.Row
    chain = db.execute(
        "SELECT chain_id FROM consent_events GROUP BY chain_id ORDER BY COUNT(*) DESC, chain_id LIMIT 1").fetchone()[0]
    # A row's choices cell may be the number of a text stored once in choice_texts (migration 2026-12-01-choice-texts).
    rows = db.execute(
        """SELECT e.*, t.text AS shared_choices FROM consent_events e LEFT JOIN choice_texts t
           ON t.id = e.choices WHERE e.chain_id = ? ORDER BY e.chain_position""", (chain,)).fetchall()
    db.execute("DROP TRIGGER IF EXISTS consent_events_no_update")
    previous = text(rows[0]["prev_hash"])
    for index, row in enumerate(rows):
        values = dict(row)
        if values["shared_choices"] is not None:
            values["choices"] = values["shared_choices"]
        if index == 0:
            values["locale"] = "fr-FR" if row["locale"] != "fr-FR" else "de-DE"
        digest = hashlib.sha256(previous.encode() + canonical(values, chain, row["chain_position"])).hexdigest()
        db.execute("UPDATE consent_events SET locale = ?, prev_hash = ?, hash = ? WHERE id = ?",
                   (values["locale"], previous, digest, row["id"]))
        previous = digest
    db.execute("UPDATE chain_heads SET hash = ? WHERE chain_id = ?", (previous, chain))
    db.commit()
    db.close()
    print(chain)


if __name__ == "__main__":
    main()
