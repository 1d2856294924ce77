#!/usr/bin/env python3
"""Check the DKIM body hash (bh=) of raw messages against the body as stored.

Usage: scripts/dkim_bh.py FILE...   (prints one line per file: name, result, detail)

For each DKIM-Signature header the body is canonicalised as its c= tag says
(RFC 6376 section 3.4.3 "simple", 3.4.4 "relaxed"; body part of c=, default simple),
cut to l= octets when present, hashed with the a= hash (sha256 or sha1) and compared
with bh=. The result for a file is "match" when any signature's body hash matches,
"mismatch" when it has signatures and none matches, "none" without a DKIM-Signature.
Line endings are normalised to CRLF first (a stored copy may use LF), which is what
a verifier does with mail read from a file.
"""
import base64
import hashlib
import re
import sys


def split_message(raw: bytes):
    raw = re.sub(rb"\r?\n", b"\r\n", raw)
    idx = raw.find(b"\r\n\r\n")
    if idx < 0:
        return raw, b""
    return raw[: idx + 2], raw[idx + 4 :]


def unfold_headers(head: bytes):
    headers = []
    for line in head.split(b"\r\n"):
        if not line:
            continue
        if line[:1] in (b" ", b"\t") and headers:
            headers[-1] += b"\r\n" + line
        else:
            headers.append(line)
    return headers


def parse_tags(value: str):
    tags = {}
    for part in value.split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            tags[k.strip()] = re.sub(r"\s+", "", v)
    return tags


def canon_body(body: bytes, mode: str) -> bytes:
    if mode == "relaxed":
        lines = body.split(b"\r\n")
        out = []
        for line in lines:
            line = re.sub(rb"[ \t]+", b" ", line)
            line = re.sub(rb" +$", b"", line)
            out.append(line)
        body = b"\r\n".join(out)
        # remove trailing empty lines
        body = re.sub(rb"(\r\n)*$", b"", body)
        return body + b"\r\n" if body else b""
    # simple: strip trailing empty lines, keep one CRLF; empty body -> CRLF
    body = re.sub(rb"(\r\n)*$", b"", body)
    return body + b"\r\n"


def check(raw: bytes):
    head, body = split_message(raw)
    sigs = [h for h in unfold_headers(head) if h.lower().startswith(b"dkim-signature:")]
    if not sigs:
        return "none", ""
    details = []
    for sig in sigs:
        tags = parse_tags(sig.split(b":", 1)[1].decode("latin-1"))
        c = tags.get("c", "simple/simple")
        bodymode = c.split("/")[1] if "/" in c else "simple"
        algo = tags.get("a", "rsa-sha256").split("-")[-1]
        h = hashlib.sha1 if algo == "sha1" else hashlib.sha256
        cb = canon_body(body, bodymode)
        if "l" in tags:
            try:
                cb = cb[: int(tags["l"])]
            except ValueError:
                pass
        got = base64.b64encode(h(cb).digest()).decode()
        want = tags.get("bh", "")
        d = tags.get("d", "?")
        details.append((got == want, f"d={d} c={c}" + (f" l={tags['l']}" if "l" in tags else "")))
    if any(ok for ok, _ in details):
        return "match", "; ".join(d for ok, d in details if ok)
    return "mismatch", "; ".join(d for _, d in details)


def main():
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            result, detail = check(f.read())
        print(f"{path}\t{result}\t{detail}")


if __name__ == "__main__":
    main()
