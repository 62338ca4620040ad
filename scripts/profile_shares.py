"""Shares of a server profile by the part of a request they belong to, from a `perf record -g` file of
scripts/profile-server.sh (e.g. OUT/write.perf): each sample goes to the first category (in the order below) one
of its frames matches, from the outermost frame in; the rest by their innermost frame.

    python3 scripts/profile_shares.py OUT/write.perf [µs-per-request]   # µs: the phase's figure, to split it
"""
import collections
import re
import sys

from perf_stacks import stacks  # beside this script

CATEGORIES = [
    ("writer transaction (appendVaultedBatches)", r"appendVaultedBatches"),
    ("request JSON decode", r"JSONBody\.decode|JSONDecoder|CheckBodyScanner|ConsentBodyScanner|FlatJSONReader|JSONDuplicateKeys"),
    ("receipt signature", r"ReceiptSigner|ConsentReceipt"),
    ("vault entry (seal, keys)", r"SubjectVaultCipher|entryToRemember|SubjectDirectory"),
    ("event build", r"ConsentEventBuilder"),
    ("pseudonym HMAC", r"SubjectPseudonymizer"),
    ("response body", r"RecordedConsentBody|PurposeStatusBody|JSONWriter|JSONBody\.response"),
    ("group committer", r"GroupCommitter"),
    ("middleware", r"Middleware"),
    ("recorder, other", r"ConsentRecorder"),
    ("controllers, other", r"Controller\."),
    ("HTTP parsing (NIO)", r"HTTPDecoder|ByteToMessageHandler|llhttp"),
    ("socket reads", r"readFromSocket|Socket\.read"),
    ("socket writes", r"writeToSocket|writev|flushNow"),
    ("NIO, other", r"NIO|SelectableEventLoop|Channel"),
    ("Hummingbird, other", r"Hummingbird|HTTPServer|Router|Responder"),
    ("concurrency runtime", r"swift_task|swift_job|AsyncTask|swift::"),
]


counts = collections.Counter()
total = 0
for stack in stacks(sys.argv[1]):
    total += 1
    outermost_first = list(reversed(stack))
    for name, pattern in CATEGORIES:
        if any(re.search(pattern, frame) for frame in outermost_first):
            counts[name] += 1
            break
    else:
        joined = " ".join(stack)
        counts["kernel: waiting, waking, scheduling" if re.search(r"futex|schedule|epoll|finish_task_switch", joined)
               else "other: " + (stack[0][:60] if stack else "?")] += 1
scale = float(sys.argv[2]) if len(sys.argv) > 2 else 0
for name, count in counts.most_common(25):
    print(f"{100 * count / total:6.2f} %" + (f" {scale * count / total:7.1f} µs" if scale else "") + f"  {name}")
print(f"{total} samples")
