"""A lean webhook receiver for the delivery benchmark (scripts/bench-webhooks.sh): on the shared 2-core machine
every microsecond it spends is taken from the server being measured, so it parses no more HTTP than it must.

Listens on 127.0.0.1:PORT (HTTP/1.1, keep-alive), answers every POST with 200 and an empty body, and counts the
requests per path. `GET /count/NAME` answers the number of POSTs received on `/NAME`; `GET /cpu` answers the
receiver's own CPU seconds so far (the benchmark reports them apart from the server's).

    python3 fast_webhook_receiver.py PORT
"""
import asyncio
import collections
import sys
import time

PORT = int(sys.argv[1])
counts = collections.Counter()
OK = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"


def answer(body):
    data = body.encode()
    return b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: %d\r\n\r\n%s" % (len(data), data)


class Receiver(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.buffer = b""

    def data_received(self, data):
        self.buffer += data
        out = []
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            head = self.buffer[:end]
            length = 0
            lower = head.lower()
            at = lower.find(b"\r\ncontent-length:")
            if at >= 0:
                stop = lower.find(b"\r\n", at + 2)
                length = int(lower[at + 17:stop if stop >= 0 else len(lower)])
            if len(self.buffer) < end + 4 + length:
                break
            self.buffer = self.buffer[end + 4 + length:]
            line = head[:head.find(b"\r\n")] if b"\r\n" in head else head
            method, path = line.split(b" ")[:2]
            if method == b"GET" and path.startswith(b"/count/"):
                out.append(answer(str(counts[b"/" + path[len(b"/count/"):]])))
            elif method == b"GET" and path == b"/cpu":
                out.append(answer(f"{time.process_time():.3f}"))
            else:
                counts[path] += 1
                out.append(OK)
        if out:
            self.transport.write(b"".join(out))


async def main():
    server = await asyncio.get_running_loop().create_server(Receiver, "127.0.0.1", PORT, backlog=512)
    async with server:
        await server.serve_forever()


asyncio.run(main())
