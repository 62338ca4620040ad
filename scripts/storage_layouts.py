# Bytes per stored event of today's SQLite layout against a compact one (docs/SCALING.md, "How close to 300
# bytes an event"), the same banner-shaped events written straight into each with Python's sqlite3 (which has
# dbstat), vacuumed, per table and index. Not Accord's code: a measurement of what a layout would cost.
#
#   python3 scripts/storage_layouts.py [EVENTS]      # default 200,000; files in /tmp/accord-layouts
import hashlib, sqlite3, uuid, os, sys
N = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
PH = "737e341fdafbf3d72f74cb2d0226de77c073872f8da41a43ec065701496d5367"
def measure(path, schema, insert_events, insert_state):
    if os.path.exists(path): os.remove(path)
    c = sqlite3.connect(path, isolation_level=None)
    c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA synchronous=OFF")
    c.executescript(schema)
    c.execute("BEGIN"); insert_events(c); insert_state(c); c.execute("COMMIT")
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)"); c.execute("VACUUM")
    rows = c.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    c.close()
    size = os.path.getsize(path)
    print(f"{path}: {size / N:.1f} bytes per event")
    for name, s in rows:
        if s / N >= 1: print(f"    {name:40s} {s / N:7.1f}")
def events():
    for i in range(N):
        t = 1795372758836 + i * 31
        a, m, p = (("granted" if i % k == 0 else "denied") for k in (2, 3, 5))
        yield i, t, a, m, p
current = """
CREATE TABLE consent_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, property_id TEXT NOT NULL,
 subject_key BLOB NOT NULL, choices TEXT NOT NULL, expires_at TEXT NOT NULL, regime TEXT NOT NULL, region TEXT, locale TEXT,
 policy_version INTEGER NOT NULL, policy_hash TEXT NOT NULL, source TEXT NOT NULL, gpc INTEGER NOT NULL, tc_string TEXT,
 gpp_string TEXT, ip_prefix TEXT, user_agent TEXT, client_time INTEGER, recorded_at INTEGER NOT NULL, idempotency_key TEXT,
 chain_id TEXT NOT NULL, chain_position INTEGER NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, authenticated_by TEXT,
 kind TEXT, linked_subject BLOB, UNIQUE (chain_id, chain_position));
CREATE UNIQUE INDEX consent_events_idempotency ON consent_events (property_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX consent_events_subject ON consent_events (property_id, subject_key, seq);
CREATE TABLE consent_state (property_id TEXT NOT NULL, subject_key BLOB NOT NULL, purpose_key TEXT NOT NULL, choice TEXT NOT NULL,
 since INTEGER NOT NULL, expires_at INTEGER, policy_version INTEGER NOT NULL, event_id TEXT NOT NULL, expiry_notice TEXT,
 PRIMARY KEY (property_id, subject_key, purpose_key)) WITHOUT ROWID;
"""
def cur_events(c):
    c.executemany("""INSERT INTO consent_events (id, property_id, subject_key, choices, expires_at, regime, region, locale,
      policy_version, policy_hash, source, gpc, ip_prefix, user_agent, client_time, recorded_at, idempotency_key, chain_id,
      chain_position, prev_hash, hash, authenticated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
      ((str(uuid.uuid4()), "demo", hashlib.sha256(b"subject-%d" % i).digest(),
        '{"analytics":"%s","marketing":"%s","personalization":"%s"}' % (a, m, p),
        '{"analytics":%d,"marketing":%d,"personalization":%d}' % ((t + 31536000000,) * 3),
        "optIn", "DE-BY", "de", 1, PH, "banner", 0, "203.0.113.0", "Chrome 131", t - 150, t, str(uuid.uuid4()),
        "demo/%d" % (i % 16), i // 16 + 1, hashlib.sha256(b"prev-%d" % i).hexdigest(), hashlib.sha256(b"hash-%d" % i).hexdigest(),
        "keyless https://shop.example") for i, t, a, m, p in events()))
def cur_state(c):
    c.execute("""INSERT INTO consent_state SELECT e.property_id, e.subject_key, p.key, json_extract(e.choices, '$.' || p.key),
      e.recorded_at, e.recorded_at + 31536000000, 1, e.id, NULL FROM consent_events e CROSS JOIN (SELECT 'analytics' AS key
      UNION ALL SELECT 'marketing' UNION ALL SELECT 'personalization') p""")
# The compact layout: a 16-byte binary event id; integers for property, policy hash, chain, regime and source
# (references to small tables); choices packed one byte per purpose; one expiry instant when all purposes share
# it; the IP prefix as bytes; the event's hash as a 32-byte BLOB and no prev_hash (it is the previous link's
# hash, which the audit reads anyway); the state as one row per subject with its purposes packed.
compact = """
CREATE TABLE consent_events (seq INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, property_ref INTEGER NOT NULL,
 subject_key BLOB NOT NULL, choices BLOB NOT NULL, expires_at INTEGER, expires_each BLOB, regime INTEGER NOT NULL, region TEXT,
 locale TEXT, policy_version INTEGER NOT NULL, policy_ref INTEGER NOT NULL, source INTEGER NOT NULL, gpc INTEGER NOT NULL,
 tc_string TEXT, gpp_string TEXT, ip_prefix BLOB, user_agent TEXT, client_time INTEGER, recorded_at INTEGER NOT NULL,
 idempotency_key TEXT, chain_ref INTEGER NOT NULL, chain_position INTEGER NOT NULL, hash BLOB NOT NULL, authenticated_by TEXT,
 kind INTEGER, linked_subject BLOB, UNIQUE (chain_ref, chain_position));
CREATE UNIQUE INDEX consent_events_idempotency ON consent_events (property_ref, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX consent_events_subject ON consent_events (property_ref, subject_key, seq);
CREATE TABLE consent_state (property_ref INTEGER NOT NULL, subject_key BLOB NOT NULL, purposes BLOB NOT NULL,
 PRIMARY KEY (property_ref, subject_key)) WITHOUT ROWID;
"""
def com_events(c):
    c.executemany("""INSERT INTO consent_events (seq, id, property_ref, subject_key, choices, expires_at, regime, region, locale,
      policy_version, policy_ref, source, gpc, ip_prefix, user_agent, client_time, recorded_at, idempotency_key, chain_ref,
      chain_position, hash, authenticated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
      ((i + 1, uuid.uuid4().bytes, 1, hashlib.sha256(b"subject-%d" % i).digest(),
        bytes([0 << 1 | (a == "granted"), 1 << 1 | (m == "granted"), 2 << 1 | (p == "granted")]), t + 31536000000,
        0, "DE-BY", "de", 1, 1, 0, 0, bytes([203, 0, 113]), "Chrome 131", t - 150, t, str(uuid.uuid4()),
        i % 16, i // 16 + 1, hashlib.sha256(b"hash-%d" % i).digest(), "keyless https://shop.example") for i, t, a, m, p in events()))
def com_state(c):
    # One row per subject: per purpose [ref, choice, since (8), expires (8), policy version, event seq (varint-ish 4)].
    def rows():
        for i, t, a, m, p in events():
            blob = b"".join(bytes([k, ch == "granted"]) + t.to_bytes(6, "big") + (t + 31536000000).to_bytes(6, "big")
                            + bytes([1]) + (i + 1).to_bytes(4, "big") for k, ch in enumerate((a, m, p)))
            yield 1, hashlib.sha256(b"subject-%d" % i).digest(), blob
    c.executemany("INSERT INTO consent_state VALUES (?,?,?)", rows())
os.makedirs("/tmp/accord-layouts", exist_ok=True)
measure("/tmp/accord-layouts/current.sqlite", current, cur_events, cur_state)
measure("/tmp/accord-layouts/compact.sqlite", compact, com_events, com_state)
