"""A delivered webhook message's server CPU by component, from scripts/profile-webhooks.sh's two profiles.

Each sample of OUT/none.perf and OUT/active.perf (`perf record -e cpu-clock -c PERIOD -g`, so a sample is PERIOD
ns of CPU) goes to the first component below that one of its frames matches (delivery's own frames first, then
the write path's, then libraries by stack, then the rest by the innermost frame: allocation, retain/release,
kernel). Prints µs of server CPU per write for each component in both runs and active minus none: with a message
per write, that difference is what a delivered message costs, by component.

    python3 scripts/profile_delivery.py OUT PERIOD_NS
"""
import collections
import os
import re
import sys

from perf_stacks import stacks  # beside this script

# (component, pattern any frame may match), in order; the first that matches takes the sample.
BY_STACK = [
    ("delivery: claim/finish transactions", r"finishAndClaim|SQLiteOutbox\.claim|SQLiteOutbox\.finish|Outbox.*\.claim\(|LineOrder|relaxedWrite"),
    ("delivery: endpoint read and route", r"webhookEndpoint\(|webhookEndpoints\(|WebhookSender\.route|WebhookURLRule|HostResolver|WebhookSecretBox"),
    ("delivery: history read (events(of:))", r"ConsentMessageRenderer.*|events\(of:"),
    ("delivery: vault open (clear subject)", r"clearSubject|SubjectNameResolver"),
    ("delivery: signing (HMAC)", r"WebhookSignature"),
    ("delivery: body JSON", r"WebhookBody|ConsentMessages\.payload"),
    ("delivery: async-http-client", r"AsyncHTTPClient|HTTPClient|HTTPConnectionPool|HTTP1ClientChannelHandler|HTTPRequestStateMachine|RequestBag|HTTPClientRequest"),
    ("delivery: transport, sender, service other", r"WebhookTransport|PinnedHTTPClients|WebhookSender|WebhookDeliveryService|OutboxMetrics"),
    ("write: writer transaction", r"appendVaultedBatches|GroupCommitter|Database\.inTransaction"),
    ("write: request handling", r"ConsentRecorder|Controller\.|ReceiptSigner|SubjectVaultCipher|SubjectPseudonymizer|ConsentEventBuilder|JSONBody|ConsentBodyScanner|Middleware"),
    ("kernel: page faults and munmap (SQLite's mmap remapped)", r"asm_exc_page_fault|__munmap|vms_complete_munmap|unmap_page_range"),
    # libsqlite3 keeps no frame pointers: its samples mostly have no Swift caller (its static functions no name).
    ("SQLite and GRDB, caller unknown", r"GRDB|sqlite3"),
    ("logging", r"Logging\.Logger|LogHandler|StreamLogHandler"),
    ("metrics", r"Metrics|Prometheus|Counter\.|Recorder\.|Timer\."),
    ("HTTP parsing (NIO)", r"HTTPDecoder|HTTPResponseDecoder|HTTPRequestEncoder|ByteToMessageHandler|llhttp|c_nio_llhttp"),
    ("kernel send (write, sendmsg)", r"writeToSocket|writev|sys_sendto|sys_sendmsg|sys_write\b|tcp_sendmsg"),
    ("kernel recv (read)", r"readFromSocket|sys_recvfrom|sys_read\b|tcp_recvmsg"),
    ("kernel epoll", r"epoll_wait|sys_epoll|do_epoll"),
    ("kernel fsync/pwrite", r"fdatasync|fsync|pwrite"),
    ("NIO event loop, other", r"NIO|SelectableEventLoop|Channel"),
    ("Hummingbird, other", r"Hummingbird|HTTPServer|Router|Responder"),
]
# By the innermost frame, for the samples no stack pattern took.
BY_LEAF = [
    ("allocation (malloc/free)", r"malloc|free|_int_|unlink_chunk|calloc|realloc|swift_allocObject|swift_deallocObject|swift_slowAlloc|swift_slowDealloc"),
    ("retain/release", r"swift_retain|swift_release|swift_bridgeObject|swift_unknownObject|_swift_release_dealloc"),
    ("Swift concurrency (task hops, executors)", r"swift_task|swift_job|swift::|AsyncTask|swift_continuation|_dispatch|dispatch_"),
    ("kernel: scheduling, futex, other", r"futex|schedule|finish_task_switch|__x64|entry_SYSCALL|do_syscall|\[kernel|_raw_spin|syscall"),
]
COMPONENTS = [name for name, _ in BY_STACK] + [name for name, _ in BY_LEAF] + ["other"]


def split(path):
    stack_patterns = [(name, re.compile(p)) for name, p in BY_STACK]
    leaf_patterns = [(name, re.compile(p)) for name, p in BY_LEAF]
    counts = collections.Counter()
    others = collections.Counter()
    for stack in stacks(path, "comm,ip,sym,dso"):
        for name, pattern in stack_patterns:
            if any(pattern.search(frame) for frame in stack):
                counts[name] += 1
                break
        else:
            leaf = stack[0] if stack else "?"
            for name, pattern in leaf_patterns:
                if pattern.search(leaf):
                    counts[name] += 1
                    break
            else:
                counts["other"] += 1
                others[leaf[:70]] += 1
    return counts, others


out, period = sys.argv[1], int(sys.argv[2])
runs = {}
for mode in ("none", "active"):
    writes = int(open(os.path.join(out, f"{mode}.writes")).read().strip())
    counts, others = split(os.path.join(out, f"{mode}.perf"))
    runs[mode] = (writes, counts, others)
    total = sum(counts.values()) * period / 1000 / writes
    print(f"{mode}: {writes} writes, {total:.0f} µs of server CPU per write")
print(f"{'component':48} {'none µs/write':>14} {'active µs/write':>16} {'per message':>12}")
rows = []
for name in COMPONENTS:
    per = {mode: runs[mode][1][name] * period / 1000 / runs[mode][0] for mode in runs}
    rows.append((name, per["none"], per["active"], per["active"] - per["none"]))
for name, none, active, diff in rows:
    print(f"{name:48} {none:14.1f} {active:16.1f} {diff:12.1f}")
print(f"{'all':48} {sum(r[1] for r in rows):14.1f} {sum(r[2] for r in rows):16.1f} {sum(r[3] for r in rows):12.1f}")
print("most frequent innermost frames left as 'other' (active run):")
for leaf, n in runs["active"][2].most_common(12):
    print(f"  {n * period / 1000 / runs['active'][0]:7.1f} µs  {leaf}")
