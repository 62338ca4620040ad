#!/usr/bin/env python3
"""Where a consent write's WAL pages go, per b-tree: none, paused and active endpoint (issue 12's outbox cost).

Not part of CI. Starts `accord serve` (ACCORD_BIN) on a fresh SQLite file, then for each mode writes a burst of
consent writes with wrk (scripts/wrk/consent-write.lua, a new subject per write) while this script holds a read
transaction opened on an empty WAL: a checkpoint cannot copy or restart past a reader's snapshot, so every frame the
burst's commits append stays in the WAL. The WAL is then read frame by frame (a 32-byte file header, then per frame
a 24-byte header whose first 4 bytes are the page number, big-endian, and bytes 4-8 the database size on a commit
frame, then the page) and each page number mapped to its b-tree with `SELECT name, pageno FROM dbstat`. Prints page
writes (WAL frames) per consent write per b-tree, and distinct pages, for each mode.

    ACCORD_BIN=.build/release/accord DURATION=5 python3 scripts/wal_pages.py
    (MODES="none paused" for fewer modes, KEEP=1 to keep the database and print where it is)
"""
import collections, json, os, re, shutil, sqlite3, struct, subprocess, sys, tempfile, time, urllib.request

from e2e_support import free_port  # beside this script

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("ACCORD_BIN", os.path.join(ROOT, ".build/release/accord"))
DURATION = os.environ.get("DURATION", "5")
CONNECTIONS = os.environ.get("CONNECTIONS", "64")
MODES = os.environ.get("MODES", "none paused active").split()


def wal_frames(path):
    """(page number, is commit) of every valid frame of the WAL at `path`."""
    data = open(path, "rb").read()
    if len(data) < 32:
        return []
    page_size = struct.unpack(">I", data[8:12])[0]
    salts = data[16:24]
    frames, offset = [], 32
    while offset + 24 + page_size <= len(data):
        header = data[offset:offset + 24]
        if header[8:16] != salts:
            break
        page, size = struct.unpack(">II", header[:8])
        frames.append((page, size != 0))
        offset += 24 + page_size
    return frames


def main():
    work = tempfile.mkdtemp(prefix="accord-wal-pages.")
    if os.environ.get("KEEP") == "1":
        print(f"database: {work}/wal.sqlite")
    db = os.path.join(work, "wal.sqlite")
    port, rport = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    receiver = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts/fast_webhook_receiver.py"), str(rport)])
    log = open(os.path.join(work, "serve.log"), "w")
    server = subprocess.Popen(
        [BIN, "serve", "--http-port", str(port), "--database-url", f"sqlite://{db}", "--webhooks-allow-insecure-loopback",
         "--log-level", "error"], stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/health")
                break
            except Exception:
                time.sleep(0.1)
        text = open(os.path.join(work, "serve.log")).read()
        key = re.search(r"Admin API key, shown once \(only its hash is stored\): (\S+)", text).group(1)

        def api(method, path, body=None):
            request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None,
                                             headers={"Authorization": f"Bearer {key}", "content-type": "application/json"})
            with urllib.request.urlopen(request) as answer:
                raw = answer.read()
                return json.loads(raw) if raw else None

        def count(label):
            return int(urllib.request.urlopen(f"http://127.0.0.1:{rport}/count/{label}").read())

        def burst(label):
            out = subprocess.run(
                ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "-s", os.path.join(ROOT, "scripts/wrk/consent-write.lua"), base],
                env=dict(os.environ, ACCORD_KEY=key, ACCORD_WRK_DIR=os.path.join(ROOT, "scripts/wrk"),
                         ACCORD_SUBJECT_PREFIX=label + "-"), capture_output=True, text=True).stdout
            return int(re.search(r"ACCORD_RESULT requests=(\d+)", out).group(1))

        burst("warm")  # the schema's pages and the first subjects, outside the measured bursts
        results = {}
        for mode in MODES:
            endpoint = None
            if mode in ("paused", "active"):
                endpoint = api("POST", "/v1/admin/properties/demo/webhooks",
                               {"url": f"http://127.0.0.1:{rport}/{mode}", "events": ["consent.recorded"]})["id"]
                if mode == "paused":
                    api("POST", f"/v1/admin/properties/demo/webhooks/{endpoint}/pause")
            reader = sqlite3.connect(db, isolation_level=None, timeout=30)
            for _ in range(100):  # an empty WAL (the server's connections are idle between bursts)
                busy, _, _ = reader.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if busy == 0:
                    break
                time.sleep(0.1)
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM sqlite_schema").fetchone()  # the snapshot: nothing past it is checkpointed
            writes = burst(mode)
            if mode == "active":  # the sending's bookkeeping is the writer's too: until every message is out
                for _ in range(6000):
                    if count(mode) >= writes:
                        break
                    time.sleep(0.1)
            frames = wal_frames(db + "-wal")
            reader.execute("COMMIT")
            names = dict(reader.execute("SELECT pageno, name FROM dbstat"))
            per_tree = collections.Counter(names.get(page, "(free or header)") for page, _ in frames)
            distinct = collections.Counter(names.get(page, "(free or header)") for page in {p for p, _ in frames})
            commits = sum(1 for _, commit in frames if commit)
            results[mode] = (writes, per_tree, distinct, commits)
            reader.close()
            if endpoint:
                api("DELETE", f"/v1/admin/properties/demo/webhooks/{endpoint}")
        trees = sorted({t for _, per_tree, _, _ in results.values() for t in per_tree},
                       key=lambda t: -max(r[1][t] / r[0] for r in results.values()))
        print(f"{BIN}: WAL page writes per consent write, by b-tree (distinct pages per write in brackets)")
        print(f"{'b-tree':42}" + "".join(f"{m:>20}" for m in results))
        for tree in trees:
            print(f"{tree:42}" + "".join(f"{r[1][tree] / r[0]:>11.2f} ({r[2][tree] / r[0]:5.2f})" for r in results.values()))
        print(f"{'total':42}" + "".join(f"{sum(r[1].values()) / r[0]:>11.2f} ({sum(r[2].values()) / r[0]:5.2f})" for r in results.values()))
        print(f"{'writes, commits (writes per commit)':42}" + "".join(f"{r[0]:>7} {r[3]:>5} ({r[0] / max(1, r[3]):4.1f})" for r in results.values()))
    finally:
        server.kill()
        receiver.kill()
        server.wait()
        receiver.wait()
        if os.environ.get("KEEP") != "1":  # KEEP=1 keeps the database, e.g. for EXPLAIN QUERY PLAN
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
