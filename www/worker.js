// Module worker: runs the Honmono core (WebAssembly) off the UI thread.
// Protocol (one job at a time per id):
//   main -> {type: 'start', id, raw: ArrayBuffer, headersOnly}
//   worker -> {type: 'names', id, names}            (DNS TXT names the message needs)
//   main -> {type: 'dns', id, answers, dnsEnabled}  ({name: [txt...]}, [] = no such record)
//   worker -> {type: 'report', id, report, ms} | {type: 'error', id, message}
import init, { check, dnsNames, version } from './pkg/honmono.js';

const ready = init().then(
  () => postMessage({ type: 'ready', version: version() }),
  (e) => {
    postMessage({ type: 'init-error', message: `WebAssembly: ${e && e.message ? e.message : e}` });
    throw e;
  },
);
const jobs = new Map();

/** Header block only: cut at the first empty line (CRLF or LF). */
function headerBlock(bytes) {
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 10) continue;
    if (bytes[i + 1] === 10) return bytes.subarray(0, i + 1);
    if (bytes[i + 1] === 13 && bytes[i + 2] === 10) return bytes.subarray(0, i + 1);
  }
  return bytes;
}

onmessage = async (ev) => {
  const msg = ev.data || {};
  try {
    await ready;
  } catch (e) {
    postMessage({ type: 'error', id: msg.id, message: `WebAssembly: ${e && e.message ? e.message : e}` });
    return;
  }
  try {
    if (msg.type === 'start') {
      const t0 = performance.now();
      let raw = new Uint8Array(msg.raw);
      if (msg.headersOnly) raw = headerBlock(raw);
      const names = dnsNames(raw);
      jobs.set(msg.id, { raw, t0 });
      postMessage({ type: 'names', id: msg.id, names });
    } else if (msg.type === 'dns') {
      const job = jobs.get(msg.id);
      jobs.delete(msg.id);
      if (!job) return;
      postMessage({ type: 'stage', id: msg.id, stage: 'checking' });
      const t1 = performance.now();
      const report = check(job.raw, msg.answers || {}, { dnsEnabled: !!msg.dnsEnabled });
      postMessage({ type: 'report', id: msg.id, report, checkMs: performance.now() - t1 });
    } else if (msg.type === 'cancel') {
      jobs.delete(msg.id);
    }
  } catch (e) {
    jobs.delete(msg.id);
    // A trap (e.g. a panic) leaves the instance unusable: the page starts a fresh worker.
    const fatal = e instanceof WebAssembly.RuntimeError;
    postMessage({ type: 'error', id: msg.id, message: e && e.message ? e.message : String(e), fatal });
  }
};
