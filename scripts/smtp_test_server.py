"""A real SMTP server for Accord's mail tests: aiosmtpd on loopback, storing every accepted message.

Usage: smtp_test_server.py --dir DIR [--security none|starttls|tls] [--cert PEM --key PEM] [--auth USER:PASSWORD]
       [--port N] [--reject-first N] [--only-login] [--silent]
Prints "READY <port>" once listening. Each message is written to DIR as <n>.eml (the bytes after DATA, with
dot-stuffing undone by the server) beside <n>.json (envelope sender, recipients, whether the session was
TLS and authenticated). --reject-first answers 451 to the first N messages, to test retries.
"""

import argparse
import asyncio
import json
import os
import signal
import ssl

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def main():
    # A parent may have blocked signals (a test runner's threads do) and spawned us with that mask: unblock them,
    # so SIGTERM ends this server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, set(signal.Signals))
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--security", default="none", choices=["none", "starttls", "tls"])
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--auth")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--reject-first", type=int, default=0)
    parser.add_argument("--only-login", action="store_true", help="offer AUTH LOGIN but not PLAIN")
    parser.add_argument("--silent", action="store_true", help="accept connections and never answer")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    if args.silent:
        import socket, time

        listener = socket.socket()
        listener.bind(("127.0.0.1", args.port))
        listener.listen(16)
        print("READY %d" % listener.getsockname()[1], flush=True)
        while True:
            time.sleep(3600)

    tls = None
    if args.security != "none":
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.cert, args.key)

    # Numbering goes on from what a previous run stored in the same directory (the e2e restarts the server).
    state = {"count": len([f for f in os.listdir(args.dir) if f.endswith(".eml")]), "rejected": 0}

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            if state["rejected"] < args.reject_first:
                state["rejected"] += 1
                return "451 4.3.0 try again later"
            state["count"] += 1
            base = os.path.join(args.dir, "%d" % state["count"])
            with open(base + ".eml", "wb") as f:
                f.write(envelope.original_content)
            with open(base + ".json", "w") as f:
                json.dump(
                    {
                        "from": envelope.mail_from,
                        "to": envelope.rcpt_tos,
                        "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
                        "authenticated": bool(session.authenticated),
                    },
                    f,
                )
            return "250 2.0.0 stored"

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword) or args.auth is None:
            return AuthResult(success=False, handled=False)
        user, password = args.auth.split(":", 1)
        ok = auth_data.login == user.encode() and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False)

    def factory():
        kwargs = {"decode_data": False, "enable_SMTPUTF8": False, "hostname": "localhost"}
        if args.auth:
            kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=args.security != "none")
            if args.only_login:
                kwargs.update(auth_exclude_mechanism=["PLAIN"])
        if args.security == "starttls":
            kwargs.update(tls_context=tls, require_starttls=True)
        return SMTP(Handler(), **kwargs)

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(
        loop.create_server(factory, "127.0.0.1", args.port, ssl=tls if args.security == "tls" else None)
    )
    print("READY %d" % server.sockets[0].getsockname()[1], flush=True)
    loop.run_forever()


if __name__ == "__main__":
    main()
