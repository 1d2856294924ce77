#!/usr/bin/env python3
"""Copy .eml files from SRC to DST without the receiving provider's spam-verdict headers.

Removed (with their folded continuation lines): X-MS-Exchange-Organization-SCL,
X-Forefront-Antispam-Report*, X-Microsoft-Antispam*. Only the header block is touched.
"""
import os
import re
import sys

DROP = re.compile(rb"^(x-ms-exchange-organization-scl|x-forefront-antispam-report[^:]*|x-microsoft-antispam[^:]*)\s*:", re.I)


def strip(raw: bytes) -> bytes:
    m = re.search(rb"\r?\n\r?\n", raw)
    head, body = (raw[: m.start()], raw[m.start():]) if m else (raw, b"")
    out, skipping = [], False
    for line in re.split(rb"(?<=\n)", head):
        if line[:1] in (b" ", b"\t"):
            if not skipping:
                out.append(line)
            continue
        skipping = bool(DROP.match(line))
        if not skipping:
            out.append(line)
    return b"".join(out) + body


def main() -> None:
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(dst, exist_ok=True)
    for name in sorted(os.listdir(src)):
        if name.endswith(".eml"):
            with open(os.path.join(src, name), "rb") as f:
                data = f.read()
            with open(os.path.join(dst, name), "wb") as f:
                f.write(strip(data))


if __name__ == "__main__":
    main()
