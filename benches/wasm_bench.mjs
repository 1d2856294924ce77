// Honmono in wasm under Node: the dist/pkg build the extension ships (check() on the corpus, and
// check() with DKIM keys given), plus, when built, the bench-only DKIM module (verifyDkim).
// usage: node benches/wasm_bench.mjs CORPUS_LIST_FILE DKIM_MANIFEST [DKIM_WASM_DIR]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { measure, emit, groups } from './measure.mjs';

const [listFile, manifestFile, dkimDir] = process.argv.slice(2);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkg = process.env.HONMONO_PKG || path.join(root, 'dist/pkg');
const hm = await import(pathToFileURL(path.join(pkg, 'honmono.js')).href);
await hm.default({ module_or_path: fs.readFileSync(path.join(pkg, 'honmono_bg.wasm')) });

const NOW = 1767225600;
const files = fs.readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
const msgs = files.map(f => new Uint8Array(fs.readFileSync(f)));
let ok = 0;
for (const m of msgs) {
    try { hm.check(m, {}, { now: NOW, dnsEnabled: false }); ok++; } catch { /* not a message */ }
}
const note = `${ok}/${msgs.length} accepted as messages`;
let t = await measure(msgs, async ms => {
    for (const m of ms) {
        try { hm.check(m, {}, { now: NOW, dnsEnabled: false }); } catch { /* counted above */ }
    }
});
emit('check', `honmono wasm (Node ${process.version})`, 'corpus', msgs, t, note);

// The middle fifth by size, as benches/throughput.rs (median_band).
const bySize = [...msgs].sort((a, b) => a.length - b.length);
const n = bySize.length;
const band = bySize.slice(Math.floor(n * 2 / 5), Math.min(n, Math.max(Math.floor(n * 3 / 5), Math.floor(n * 2 / 5) + 1)));
t = await measure(band, async ms => {
    for (const m of ms) {
        try { hm.check(m, {}, { now: NOW, dnsEnabled: false }); } catch { }
    }
});
emit('check', `honmono wasm (Node ${process.version})`, 'median-band', band, t, '');

const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
let dk = null;
if (dkimDir && fs.existsSync(path.join(dkimDir, 'honmono_bench_dkim_wasm.js'))) {
    dk = await import(pathToFileURL(path.join(dkimDir, 'honmono_bench_dkim_wasm.js')).href);
    await dk.default({ module_or_path: fs.readFileSync(path.join(dkimDir, 'honmono_bench_dkim_wasm_bg.wasm')) });
}
for (const [set, cases] of groups(manifest)) {
    const ms = cases.map(c => new Uint8Array(fs.readFileSync(c.file)));
    if (dk) {
        // One key set for the whole group (names do not clash within a set).
        const names = [], txts = [];
        for (const c of cases) for (const [n, v] of Object.entries(c.keys)) {
            if (v.length === 0) { names.push(n); txts.push(''); }
            for (const x of v) { names.push(n); txts.push(x); }
        }
        dk.setKeys(names, txts);
        let pass = 0;
        for (let i = 0; i < ms.length; i++) pass += dk.verifyDkim(ms[i], cases[i].now);
        const t = await measure(ms, async xs => {
            for (let i = 0; i < xs.length; i++) dk.verifyDkim(xs[i], cases[i].now);
        });
        emit('dkim', 'honmono wasm (auth::dkim::verify)', set, ms, t, `${pass} signatures pass`);
    }
    const t = await measure(ms, async xs => {
        for (let i = 0; i < xs.length; i++) {
            try { hm.check(xs[i], cases[i].keys, { now: cases[i].now, dnsEnabled: true }); } catch { }
        }
    });
    emit('dkim', 'honmono wasm full check, keys given', set, ms, t, '');
}
