"""The call stacks of a `perf record -g` file, for the profile scripts beside it (profile_shares.py,
profile_delivery.py): `perf script` printed with the given fields, demangled by `swift demangle` when it is at hand,
each sample's frames innermost first (each frame's text after its address: the symbol, and the object file when
`dso` is among the fields).
"""
import subprocess


def stacks(path, fields="comm,ip,sym"):
    script = subprocess.run(["perf", "script", "-i", path, "-F", fields], capture_output=True, text=True).stdout
    try:
        script = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input=script, capture_output=True,
                                text=True).stdout
    except FileNotFoundError:
        pass
    stack = None
    for line in script.splitlines():
        if not line.strip():
            if stack is not None:
                yield stack
            stack = None
        elif not line[0].isspace():
            stack = []
        elif stack is not None:
            parts = line.strip().split(None, 1)
            stack.append(parts[1] if len(parts) > 1 else parts[0])
    if stack is not None:
        yield stack
