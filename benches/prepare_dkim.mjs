// Builds the DKIM message sets for `make bench` into OUTDIR/dkim and writes OUTDIR/dkim/manifest.json:
//   [{ set, file, now, keys: { "sel._domainkey.dom": ["TXT", ...] (empty list = NXDOMAIN) } }]
// Sets:
//  - stalwart: mail-auth's resources/dkim/*.txt (keys on top of each file), at t=1667843664
//  - lieser: lieser/dkim_verifier crypto cases expected SUCCESS (+ the 5 real Fastmail-received
//            messages), keys from dns_txt.tsv, each verified as of its delivery time (topmost Received)
//  - signed-5KB ... signed-5MB: generated here and signed with mailauth (rsa-sha256, relaxed/relaxed)
//            with tests/fixtures/keys/test-rsa2048.pem when present, else a fresh 2048-bit key.
// Every message is written with CRLF line ends; Honmono and mailauth read the very same bytes.
// usage: node benches/prepare_dkim.mjs OUTDIR SHARED_DIR
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { dkimSign } = require('mailauth/lib/dkim/sign');

const [outRoot, shared] = process.argv.slice(2);
const out = path.join(outRoot, 'dkim');
fs.mkdirSync(out, { recursive: true });
const manifest = [];
const STALWART_NOW = 1667843664;

const crlf = buf => {
    const s = buf.toString('latin1');
    return Buffer.from(s.includes('\r\n') ? s : s.replace(/\n/g, '\r\n'), 'latin1');
};

// Key names a message's DKIM-Signatures need (s=, d= of each signature).
function keyNames(buf) {
    const text = buf.toString('latin1');
    const head = text.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
    const names = [];
    for (const line of head.split(/\r?\n/)) {
        if (!/^dkim-signature:/i.test(line)) continue;
        const tag = t => (line.match(new RegExp('[;:\\s]' + t + '=\\s*([^;\\s]+)', 'i')) || [])[1];
        const s = tag('s'), d = tag('d');
        if (s && d) names.push(`${s}._domainkey.${d}`.toLowerCase());
    }
    return [...new Set(names)];
}

function add(set, name, buf, now, keyMap) {
    const file = path.join(out, `${set}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`);
    fs.writeFileSync(file, buf);
    const keys = {};
    for (const n of keyNames(buf)) keys[n] = keyMap.get(n) ? [keyMap.get(n)] : [];
    manifest.push({ set, file: path.resolve(file), now, keys });
}

// 1. mail-auth (stalwart) resources
const stal = path.join(shared, 'conformance/auth_test_suites/stalwart_mail_auth/resources/dkim');
if (fs.existsSync(stal)) {
    for (const f of fs.readdirSync(stal).filter(f => f.endsWith('.txt')).sort()) {
        const text = fs.readFileSync(path.join(stal, f), 'latin1');
        const i = text.indexOf('\n\n');
        const keyMap = new Map();
        for (const line of text.slice(0, i).split('\n')) {
            const sp = line.indexOf(' ');
            if (sp > 0) keyMap.set(line.slice(0, sp).toLowerCase().replace(/\.$/, ''), line.slice(sp + 1).trim());
        }
        add('stalwart', f.replace(/\.txt$/, '.eml'), crlf(Buffer.from(text.slice(i + 2), 'latin1')), STALWART_NOW, keyMap);
    }
}

// 2. lieser/dkim_verifier
const lieser = path.join(shared, 'conformance/legit_dkim_with_keys/lieser_dkim_verifier');
if (fs.existsSync(lieser)) {
    const keyMap = new Map();
    for (const line of fs.readFileSync(path.join(lieser, 'dns_txt.tsv'), 'utf8').split('\n')) {
        if (!line || line.startsWith('#')) continue;
        const [n, v] = line.split('\t');
        if (n && v) keyMap.set(n.toLowerCase().replace(/\.$/, ''), v);
    }
    const files = new Set();
    for (const line of fs.readFileSync(path.join(lieser, 'EXPECTED.tsv'), 'utf8').split('\n')) {
        const c = line.split('\t');
        if (c[0] === 'verifier' && c[5] === 'no' && /SUCCESS/.test(c[3]) && !c[1].startsWith('arh/')) files.add(c[1]);
    }
    for (const f of fs.readdirSync(path.join(lieser, 'data/original')).sort()) files.add('original/' + f);
    for (const f of [...files].sort()) {
        const p = path.join(lieser, 'data', f);
        if (!fs.existsSync(p)) continue;
        const buf = crlf(fs.readFileSync(p));
        // delivery time: the date after the last ';' of the topmost Received header
        const head = buf.toString('latin1').split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
        const rcv = head.split('\r\n').find(l => /^received:/i.test(l));
        let now = rcv ? Math.floor(Date.parse(rcv.slice(rcv.lastIndexOf(';') + 1).trim()) / 1000) : NaN;
        if (!Number.isFinite(now)) now = STALWART_NOW;
        add('lieser', f, buf, now, keyMap);
    }
}

// 3. generated and signed
const keyPath = 'tests/fixtures/keys/test-rsa2048.pem';
let privateKey, keySource;
if (fs.existsSync(keyPath)) {
    privateKey = fs.readFileSync(keyPath, 'utf8');
    keySource = keyPath;
} else {
    privateKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    keySource = 'generated 2048-bit RSA key';
}
const pub = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
const genKeys = new Map([['bench._domainkey.bench.example', `v=DKIM1; k=rsa; p=${pub}`]]);
const SIGN_TIME = 1700000000;
const line = i => `Line ${i}: ご注文いただいた商品の発送準備が整いました。The quick brown fox ${i % 97}.\r\n`;
for (const [label, size] of [['5KB', 5e3], ['50KB', 5e4], ['500KB', 5e5], ['5MB', 5e6]]) {
    const lines = [];
    for (let i = 0, n = 0; n < size - 600; i++) {
        lines.push(line(i));
        n += Buffer.byteLength(lines[i]);
    }
    const body = lines.join('');
    const msg = Buffer.from(
        'From: Bench Sender <sender@bench.example>\r\nTo: you@example.org\r\nSubject: bench ' + label + '\r\n' +
        'Date: Tue, 14 Nov 2023 22:13:20 +0000\r\nMessage-ID: <bench-' + label + '@bench.example>\r\n' +
        'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' + body, 'utf8');
    const signed = await dkimSign(msg, {
        canonicalization: 'relaxed/relaxed',
        algorithm: 'rsa-sha256',
        signTime: new Date(SIGN_TIME * 1000),
        signatureData: [{ signingDomain: 'bench.example', selector: 'bench', privateKey }],
    });
    if (signed.errors && signed.errors.length) throw new Error('signing failed: ' + JSON.stringify(signed.errors));
    add('signed-' + label, 'msg.eml', Buffer.concat([Buffer.from(signed.signatures), msg]), SIGN_TIME + 100, genKeys);
}

fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 1));
const sets = [...new Set(manifest.map(m => m.set))];
console.error(`prepare_dkim: ${manifest.length} messages in ${sets.length} sets (${sets.join(', ')}); signing key: ${keySource}`);
