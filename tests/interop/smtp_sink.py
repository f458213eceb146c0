#!/usr/bin/python3
"""A real SMTP server for the [mail] tests: Debian's python3-aiosmtpd on 127.0.0.1:PORT.

Every message it accepts is written to DIR as NNNN.eml (the bytes as received) and NNNN.json (envelope,
decoded headers, the text part and the attachments' names, types and sizes), the JSON last and by rename, so
a reader never sees half a mail. Prints "ready" once it listens; stops on SIGTERM or SIGINT.
Usage: /usr/bin/python3 smtp_sink.py --port PORT --dir DIR
"""
import argparse
import email
import json
import os
import signal
import threading
from email import policy

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=policy.default)
        text, attachments = "", []
        for part in message.walk():
            if part.is_multipart():
                continue
            if part.get_content_disposition() == "attachment":
                data = part.get_payload(decode=True) or b""
                attachments.append({"filename": part.get_filename(), "content_type": part.get_content_type(),
                                    "size": len(data), "start": data[:5].decode("latin-1")})
            elif part.get_content_type() == "text/plain":
                text += part.get_content()
        record = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                  "headers": {name: str(value) for name, value in message.items()},
                  "content_type": message.get_content_type(),
                  "text": text, "attachments": attachments}
        with self.lock:
            self.count += 1
            stem = os.path.join(self.directory, "%04d" % self.count)
        with open(stem + ".eml", "wb") as out:
            out.write(raw)
        with open(stem + ".tmp", "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.rename(stem + ".tmp", stem + ".json")
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(Sink(args.dir), hostname="127.0.0.1", port=args.port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
