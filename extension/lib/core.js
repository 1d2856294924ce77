// The wasm core's life in the service worker (Chrome) / background page (Firefox).
//
// - One instance at a time. A trap (`unreachable` from a panic or an allocation failure, an
//   out-of-bounds access) leaves an instance with its stack and heap in an unknown state: the
//   instance is dropped and the compiled module instantiated again (no recompilation), as the web
//   page restarts its worker (www/app.js).
// - Warm start. The core builds its tables (public suffix list, brand and lure automata) on first
//   use: a few hundred milliseconds that a cold service worker would pay on the very message the
//   user just opened. Right after a fresh instance has checked a built-in sample message
//   (lib/warmup.eml, never a message of the user's), its linear memory and the JS values its
//   externref table holds (field-name strings, null) are kept in IndexedDB; a later cold start
//   copies them into the new instance instead of rebuilding. The image is tied to the exact wasm
//   bytes (SHA-256 written by the build) and checked before use; anything odd and it is dropped.
import init, * as glue from '../pkg/honmono.js';

const api = globalThis.browser ?? globalThis.chrome;
const DB_NAME = 'honmono-core';
const STORE = 'image';
const KEY = 'warm-heap';

const state = {
  generation: 0,
  /** How the live instance started: 'image' | 'warmed' | 'fresh'. */
  start: null,
  trapArmed: false,
  timings: {},
};

// ---------------------------------------------------------------------------------------------
// IndexedDB (the image only; nothing else is stored here)

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function dbDo(mode, fn) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req?.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const readImage = () => dbDo('readonly', (s) => s.get(KEY));
const writeImage = (image) => dbDo('readwrite', (s) => s.put(image, KEY));
const deleteImage = () => dbDo('readwrite', (s) => s.delete(KEY));

// ---------------------------------------------------------------------------------------------
// Heap image

const isPrimitive = (v) => v === null || ['undefined', 'string', 'number', 'boolean'].includes(typeof v);

/** The live instance's memory and externref table, or null if the table holds objects. */
function takeImage() {
  const ex = glue.__honmonoExports();
  const table = ex.__wbindgen_externrefs;
  const values = [];
  for (let i = 0; i < table.length; i++) {
    const v = table.get(i);
    if (!isPrimitive(v)) return null; // a live JS object: not a between-calls state
    values.push(v);
  }
  return {
    sha256: glue.__honmonoWasmSha256,
    version: glue.version(),
    memory: new Uint8Array(ex.memory.buffer).slice().buffer,
    table: values,
  };
}

/** Copies `image` into the live instance, which must be fresh (nothing run in it yet). */
function applyImage(image) {
  if (!image || image.sha256 !== glue.__honmonoWasmSha256 || !(image.memory instanceof ArrayBuffer) ||
      !Array.isArray(image.table) || !image.table.every(isPrimitive)) {
    return false;
  }
  const ex = glue.__honmonoExports();
  const mem = ex.memory;
  if (image.memory.byteLength % 65536 || image.memory.byteLength < mem.buffer.byteLength) return false;
  const grow = (image.memory.byteLength - mem.buffer.byteLength) / 65536;
  if (grow) mem.grow(grow);
  new Uint8Array(mem.buffer).set(new Uint8Array(image.memory));
  const table = ex.__wbindgen_externrefs;
  if (table.length < image.table.length) table.grow(image.table.length - table.length);
  image.table.forEach((v, i) => table.set(i, v));
  return glue.version() === image.version;
}

// ---------------------------------------------------------------------------------------------
// Start, warm-up, renewal

let warmupBytes = null;
/**
 * Runs the built-in sample through the core: every entry point (`all`), so that every table the
 * core builds lazily is built; or only the path of a message check (`dnsNames`, `check`), which
 * is what a restored instance still has to compile before the first badge.
 */
async function warmUp({ all = true } = {}) {
  if (!warmupBytes) {
    const res = await fetch(api.runtime.getURL('lib/warmup.eml'));
    warmupBytes = new Uint8Array(await res.arrayBuffer());
  }
  glue.dnsNames(warmupBytes);
  glue.check(warmupBytes, {}, { dnsEnabled: false, now: 1767225600 });
  if (!all) return;
  glue.checkSnapshot({ senderName: 'Example', senderAddress: 'news@example.com', subject: 'Sample', text: 'Sample', links: [{ text: 'https://www.example.com/', href: 'https://www.example.com/a' }] }, { dnsEnabled: false });
  glue.checkLink('https://www.example.com/account', 'Example', 'news@example.com');
}

/**
 * Brings a fresh instance to the warm state: from the stored image (`imageRead`: its read, when
 * already started), else by warming and storing.
 */
async function warm({ useImage = true, imageRead = null } = {}) {
  const t0 = performance.now();
  if (useImage) {
    let image = null;
    try {
      image = await (imageRead || readImage());
    } catch {
      image = null; // no IndexedDB (private window...): warm up below
    }
    if (image) {
      let ok = false;
      try {
        ok = applyImage(image);
      } catch {
        ok = false;
      }
      if (ok) {
        state.start = 'image';
        state.timings.restoreMs = performance.now() - t0;
        // The tables are there; what a first check still pays is compiling the engine's code
        // (V8 compiles wasm functions lazily, on first call). Run the sample through once now:
        // this overlaps the content script's fetch of the source instead of adding to it.
        const t1 = performance.now();
        await warmUp({ all: false });
        state.timings.precompileMs = performance.now() - t1;
        state.timings.warmMs = performance.now() - t0;
        return;
      }
      // The image did not fit (another build, a damaged record): forget it, and start again on a
      // clean instance since applyImage may have written part of it.
      deleteImage().catch(() => {});
      glue.__honmonoRenew();
    }
  }
  await warmUp();
  state.start = 'warmed';
  state.timings.warmMs = performance.now() - t0;
  const image = takeImage();
  if (image) {
    // Not awaited: the badge need not wait for the disk.
    writeImage(image).catch(() => {});
  }
}

let ready = null;

/** Compiles and instantiates the core once; resolves when it is warm. */
export function start() {
  if (!ready) {
    ready = (async () => {
      const t0 = performance.now();
      // The image is read from disk while the module compiles.
      const imageRead = readImage();
      imageRead.catch(() => {});
      await init({ module_or_path: api.runtime.getURL('pkg/honmono_bg.wasm') });
      state.timings.initMs = performance.now() - t0;
      state.generation = 1;
      await warm({ imageRead });
    })();
    ready.catch(() => { ready = null; });
  }
  return ready;
}

/** Drops the live instance and makes a warm new one from the compiled module. */
export async function renew({ useImage = true } = {}) {
  await start();
  glue.__honmonoRenew();
  state.generation++;
  await warm({ useImage });
}

export class CoreTrap extends Error {
  constructor(cause) {
    super(`the checker stopped (${cause?.message || 'trap'}) and was restarted`);
    this.name = 'CoreTrap';
    this.cause = cause;
  }
}

let renewing = null;

/**
 * Runs `fn(core)` on the live instance. A trap renews the instance and throws CoreTrap (the
 * caller decides what to do with the message that caused it); other errors pass through.
 */
export async function call(fn) {
  await start();
  if (renewing) await renewing;
  try {
    if (state.trapArmed) {
      state.trapArmed = false;
      // Test hook (see armTrap): a real trap inside the instance, from an allocation no heap can
      // serve (the allocator aborts, i.e. `unreachable`).
      glue.__honmonoExports().__wbindgen_malloc(0xfffffff0, 8);
    }
    return fn(glue);
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    renewing = renew().finally(() => { renewing = null; });
    await renewing;
    throw new CoreTrap(e);
  }
}

/** For tests and diagnostics (reachable only from the worker's own scope, see background.js). */
export const diagnostics = {
  generation: () => state.generation,
  startedFrom: () => state.start,
  timings: () => ({ ...state.timings }),
  /** The next call() traps inside the instance before running. */
  armTrap: () => { state.trapArmed = true; },
  /** The image as stored, for tests; and a way to drop it. */
  readImage,
  deleteImage,
  renew,
};
