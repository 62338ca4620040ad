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


def canonical(row, chain, position):
    authentication = row["authenticated_by"]
    parts = [
        "accord-event-v1" if authentication is None else "accord-event-v2",
        chain, position, row["id"], row["property_id"], row["subject_key"].hex(), row["choices"], row["expires_at"],
        row["regime"], row["region"], row["locale"], row["policy_version"], row["policy_hash"], row["source"],
        "1" if row["gpc"] else "0", row["tc_string"], row["gpp_string"], row["ip_prefix"], row["user_agent"],
        row["client_time"], row["recorded_at"], row["idempotency_key"],
    ]
    if authentication is not None:
        parts.append(authentication)
    return b"".join(field(part) for part in parts)


def main():
    db = sqlite3.connect(sys.argv[1])
    db.row_factory = sqlite3.Row
    chain = db.execute(
        "SELECT chain_id FROM consent_events GROUP BY chain_id ORDER BY COUNT(*) DESC, chain_id LIMIT 1").fetchone()[0]
    rows = db.execute("SELECT * FROM consent_events WHERE chain_id = ? ORDER BY chain_position", (chain,)).fetchall()
    db.execute("DROP TRIGGER IF EXISTS consent_events_no_update")
    previous = rows[0]["prev_hash"]
    for index, row in enumerate(rows):
        values = dict(row)
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
