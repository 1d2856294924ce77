#!/usr/bin/env python3
"""Where the wasm bytes go: code size per crate (from the name section of the cargo output,
before wasm-bindgen/wasm-opt strip it) and the data section, each with its gzip -9 share.

usage: python3 benches/wasm_size.py [target/wasm32-unknown-unknown/wasm/honmono.wasm] [TOP]
Sizes are before wasm-opt (which shrinks code by ~10-20% but keeps the proportions roughly).
"""
import collections
import re
import sys
import zlib


def uleb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def name_of(b, i):
    n, i = uleb(b, i)
    return b[i : i + n].decode("utf-8", "replace"), i + n


def gz(data):
    return len(zlib.compress(data, 9))


def crate_of(sym):
    # legacy mangling: _ZN<len><ident>...E ; v0: _R...
    m = re.match(r"_ZN(\d+)(.*)", sym)
    if m:
        n = int(m.group(1))
        ident = m.group(2)[:n]
        if ident.startswith("_$LT$"):  # <impl Trait for Type>: look inside
            inner = re.search(r"_\$LT\$([A-Za-z0-9_]+)", ident)
            return inner.group(1) if inner else ident
        return ident
    m = re.match(r"_RN.*?C[s_0-9]*?(\d+)([A-Za-z_][A-Za-z0-9_]*)", sym)
    if m:
        return m.group(2)[: int(m.group(1))]
    if sym.startswith("__wbg") or "wasm_bindgen" in sym or sym.startswith("__wbindgen"):
        return "wasm_bindgen"
    return "(other: " + re.sub(r"[^a-z_].*", "", sym)[:20] + ")"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "target/wasm32-unknown-unknown/wasm/honmono.wasm"
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    b = open(path, "rb").read()
    assert b[:4] == b"\0asm", "not a wasm file"
    i = 8
    imported = 0
    bodies = []
    names = {}
    data = b""
    sections = collections.Counter()
    while i < len(b):
        sid = b[i]
        size, j = uleb(b, i + 1)
        end = j + size
        if sid == 0:
            nm, k = name_of(b, j)
            sections["custom:" + nm] += size
            if nm == "name":
                while k < end:
                    sub = b[k]
                    ssize, k2 = uleb(b, k + 1)
                    if sub == 1:
                        cnt, q = uleb(b, k2)
                        for _ in range(cnt):
                            idx, q = uleb(b, q)
                            s, q = name_of(b, q)
                            names[idx] = s
                    k = k2 + ssize
        else:
            sections[{1: "type", 2: "import", 3: "function", 5: "memory", 6: "global", 7: "export", 10: "code", 11: "data"}.get(sid, f"id{sid}")] += size
        if sid == 2:
            cnt, k = uleb(b, j)
            for _ in range(cnt):
                _, k = name_of(b, k)
                _, k = name_of(b, k)
                kind = b[k]
                k += 1
                if kind == 0:
                    _, k = uleb(b, k)
                    imported += 1
                elif kind == 1:
                    k += 1
                    flags = b[k]
                    k += 1
                    _, k = uleb(b, k)
                    if flags & 1:
                        _, k = uleb(b, k)
                elif kind == 2:
                    flags = b[k]
                    k += 1
                    _, k = uleb(b, k)
                    if flags & 1:
                        _, k = uleb(b, k)
                elif kind == 3:
                    k += 2
        if sid == 10:
            cnt, k = uleb(b, j)
            for f in range(cnt):
                bs, k2 = uleb(b, k)
                bodies.append((imported + f, b[k2 : k2 + bs]))
                k = k2 + bs
        if sid == 11:
            data = b[j:end]
        i = end

    per = collections.defaultdict(list)
    for idx, body in bodies:
        per[crate_of(names.get(idx, "?"))].append(body)
    code_total = sum(len(x) for _, x in bodies)
    print(f"{path}: {len(b):,} bytes; code {code_total:,} ({len(bodies)} functions), data {len(data):,}")
    print(f"whole file gzip -9: {gz(b):,}; code alone gzip: {gz(b''.join(x for _, x in bodies)):,}; data alone gzip: {gz(data):,}")
    print("sections:", ", ".join(f"{k} {v:,}" for k, v in sections.most_common()))
    print()
    print(f"{'crate':32} {'code bytes':>12} {'gzip (alone)':>13} {'share':>6}")
    rows = [(c, sum(len(x) for x in bs), gz(b"".join(bs))) for c, bs in per.items()]
    rows.sort(key=lambda r: -r[1])
    for c, n, g in rows[:top]:
        print(f"{c[:32]:32} {n:12,} {g:13,} {100 * n / max(1, code_total):5.1f}%")
    # The largest data strings (what include_str!/tables put there) are not attributable by name;
    # show the longest runs of printable text as a hint.
    runs = re.findall(rb"[\x20-\x7e\n\t]{2000,}", data)
    runs.sort(key=len, reverse=True)
    print()
    print("largest text runs in the data section (include_str! data and tables):")
    for r in runs[:8]:
        print(f"  {len(r):9,} bytes  {r[:70]!r}")


main()
