#!/usr/bin/env python3
"""A TCP proxy the fault campaign controls, standing for the network between Accord and PostgreSQL.

  net_cut_proxy.py LISTEN_PORT TARGET_PORT
SIGUSR1 cuts the network the way a firewall rule that drops packets does: nothing is forwarded any more in
either direction (open connections freeze, new ones are accepted but hear nothing). SIGUSR2 restores it: frozen
connections carry on where they stopped, as TCP does once the packets flow again. Standard library only.
"""
import asyncio
import signal
import sys

LISTEN, TARGET = int(sys.argv[1]), int(sys.argv[2])
flowing = asyncio.Event()


async def pipe(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            await flowing.wait()  # a cut holds the bytes back; nothing is lost, as with retransmission
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def handle(client_reader, client_writer):
    await flowing.wait()  # a connection opened during the cut hears nothing until it ends
    try:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", TARGET)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))


async def main():
    loop = asyncio.get_running_loop()
    flowing.set()
    loop.add_signal_handler(signal.SIGUSR1, flowing.clear)
    loop.add_signal_handler(signal.SIGUSR2, flowing.set)
    server = await asyncio.start_server(handle, "127.0.0.1", LISTEN)
    print(f"proxy 127.0.0.1:{LISTEN} -> 127.0.0.1:{TARGET}", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
