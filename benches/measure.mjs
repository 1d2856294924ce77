// Shared by the Node benches: the same method as benches/throughput.rs (warm-up, calibrate a
// repeat count so that a run takes >= BENCH_MIN_SECS, BENCH_REPS runs, median messages/s).
const REPS = Math.max(1, Number(process.env.BENCH_REPS || 7));
const MIN_SECS = Number(process.env.BENCH_MIN_SECS || 0.5);

export async function measure(msgs, fn) {
    const bytes = msgs.reduce((a, m) => a + m.length, 0);
    let t = process.hrtime.bigint();
    await fn(msgs);
    const once = Math.max(1e-6, Number(process.hrtime.bigint() - t) / 1e9);
    const k = Math.max(1, Math.ceil(MIN_SECS / once));
    const runs = [];
    for (let r = 0; r < REPS; r++) {
        t = process.hrtime.bigint();
        for (let i = 0; i < k; i++) await fn(msgs);
        runs.push((k * msgs.length) / (Number(process.hrtime.bigint() - t) / 1e9));
    }
    const sorted = [...runs].sort((a, b) => a - b);
    const msgsPerS = sorted[Math.floor(sorted.length / 2)];
    return { msgs_per_s: msgsPerS, mb_per_s: (msgsPerS * bytes) / msgs.length / 1e6, runs };
}

export function emit(bench, impl, set, msgs, t, note = '') {
    const sizes = msgs.map(m => m.length).sort((a, b) => a - b);
    console.log('RESULT\t' + JSON.stringify({
        bench, impl, set, messages: msgs.length, bytes: sizes.reduce((a, b) => a + b, 0),
        median_size: sizes[Math.floor(sizes.length / 2)] || 0, ...t, note,
    }));
}

export function groups(manifest) {
    const sets = [];
    for (const c of manifest) if (!sets.includes(c.set)) sets.push(c.set);
    return sets.map(s => [s, manifest.filter(c => c.set === s)]);
}
