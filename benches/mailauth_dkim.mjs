// DKIM verification alone with mailauth (npm) on Node: same messages, keys and times as
// Honmono (benches/prepare_dkim.mjs manifest). usage: node benches/mailauth_dkim.mjs MANIFEST
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { measure, emit, groups } from './measure.mjs';

const require = createRequire(import.meta.url);
const { dkimVerify } = require('mailauth/lib/dkim/verify');
const version = require('mailauth/package.json').version;

const manifest = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
for (const [set, cases] of groups(manifest)) {
    const msgs = cases.map(c => fs.readFileSync(c.file));
    const opts = cases.map(c => ({
        curTime: new Date(c.now * 1000),
        resolver: async name => {
            const txts = c.keys[String(name).toLowerCase().replace(/\.$/, '')];
            if (!txts || txts.length === 0) {
                const e = new Error('queryTxt ENOTFOUND ' + name);
                e.code = 'ENOTFOUND';
                throw e;
            }
            return txts.map(t => [t]);
        },
    }));
    let pass = 0, sigs = 0;
    for (let i = 0; i < msgs.length; i++) {
        const r = await dkimVerify(msgs[i], opts[i]);
        for (const s of r.results) {
            sigs++;
            if (s.status && s.status.result === 'pass') pass++;
        }
    }
    const t = await measure(msgs, async ms => {
        for (let i = 0; i < ms.length; i++) await dkimVerify(ms[i], opts[i]);
    });
    emit('dkim', `mailauth ${version} (Node ${process.version})`, set, msgs, t, `${pass}/${sigs} signatures pass`);
}
