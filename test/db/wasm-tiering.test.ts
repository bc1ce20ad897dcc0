// PGlite's giant WebAssembly functions stay on V8's baseline compiler (src/db/wasm-tiering.ts):
// optimizing the largest one alone took about 600 MB. The hint section is checked on a module
// built here, and on PGlite's own module in a child process whose V8 reports each compilation.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BASELINE_ONLY_MIN_BYTES, compileBaselineOnlyGiants, wasmLayout, withBaselineOnlyHints } from '../../src/db/wasm-tiering.ts';

const leb = (n: number): number[] => { const out: number[] = []; do { let b = n % 128; n = Math.floor(n / 128); if (n > 0) b |= 0x80; out.push(b); } while (n > 0); return out; };
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];

/** A module of two exported functions () -> i32: `small` returns 1, `large` runs `nops` no-ops then returns 2. */
function twoFunctions(nops: number): Uint8Array {
  const body = (instructions: number[]) => { const b = [0, ...instructions, 0x0b]; return [...leb(b.length), ...b]; };
  const name = (text: string) => [...leb(text.length), ...new TextEncoder().encode(text)];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 1, 0x7f]), // one type: () -> i32
    ...section(3, [2, 0, 0]), // two functions of that type
    ...section(7, [2, ...name('small'), 0, 0, ...name('large'), 0, 1]),
    ...section(10, [2, ...body([0x41, 1]), ...body([...new Array<number>(nops).fill(0x01), 0x41, 2])]),
  ]);
}

const wasm = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Instance: new (m: object) => { exports: Record<string, () => number> }; validate(b: Uint8Array): boolean } }).WebAssembly;
const PGLITE_WASM = createRequire(import.meta.url).resolve('@electric-sql/pglite').replace(/[^/\\]+$/, 'pglite.wasm');

describe('compilation hints for the giant functions', () => {
  it('reads where the functions are and how large each is', () => {
    const module = twoFunctions(1_000);
    const layout = wasmLayout(module);
    expect(layout?.bodySizes).toEqual([4, 1_004]);
    expect(module[layout!.codeSectionOffset]).toBe(10);
  });

  it('adds a hint section before the code for the functions at or above the size, and the module still works', async () => {
    const module = twoFunctions(1_000);
    const hinted = withBaselineOnlyHints(module, 1_000);
    expect(hinted.baselineOnly).toEqual([1]);
    expect(hinted.bytes.length).toBeGreaterThan(module.length);
    const text = new TextDecoder('latin1').decode(hinted.bytes);
    expect(text.indexOf('compilationHints')).toBeGreaterThan(0);
    expect(text.indexOf('compilationHints')).toBeLessThan(wasmLayout(hinted.bytes)!.codeSectionOffset);
    expect(wasmLayout(hinted.bytes)?.bodySizes).toEqual([4, 1_004]);
    expect(wasm.validate(hinted.bytes)).toBe(true);
    const compiled = await compileBaselineOnlyGiants(module, 1_000);
    const instance = new wasm.Instance(compiled);
    expect([instance.exports.small!(), instance.exports.large!()]).toEqual([1, 2]);
  });

  it('leaves a module with no function that large, or one it cannot read, as it is', () => {
    const module = twoFunctions(10);
    expect(withBaselineOnlyHints(module, 1_000)).toEqual({ bytes: module, baselineOnly: [] });
    const truncated = module.subarray(0, module.length - 3);
    expect(wasmLayout(truncated)).toBeUndefined();
    expect(withBaselineOnlyHints(truncated, 1).bytes).toBe(truncated);
    expect(wasmLayout(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBeUndefined();
  });

  it('finds the giant functions of the PGlite build in use', () => {
    const layout = wasmLayout(readFileSync(PGLITE_WASM))!;
    const giants = layout.bodySizes.filter((size) => size >= BASELINE_ONLY_MIN_BYTES);
    // If a PGlite upgrade changes this, measure the optimizing compiler's memory again (docs/operations.md).
    expect(layout.bodySizes.length).toBeGreaterThan(10_000);
    expect(giants.length).toBeGreaterThanOrEqual(1);
    expect(giants.length).toBeLessThanOrEqual(8);
  });

  it('in a process on the embedded database, V8 optimizes PostgreSQL but never its giant functions', async () => {
    const script = `
      const { startEmbeddedEngine } = await import(${JSON.stringify(new URL('../../src/db/embedded-engine.ts', import.meta.url).href)});
      const engine = await startEmbeddedEngine({});
      for (let i = 0; i < 300; i++) await engine.query("select relname, count(*) from pg_class join pg_attribute on attrelid = pg_class.oid where relname like $1 group by 1", ['%' + i + '%']);
      await new Promise((r) => setTimeout(r, 3000));
      await engine.close();`;
    const dir = mkdtempSync(join(tmpdir(), 'mentor-tiering-'));
    writeFileSync(join(dir, 'run.mjs'), script);
    const child = spawn(process.execPath, ['--trace-wasm-compilation-times', join(dir, 'run.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    rmSync(dir, { recursive: true, force: true });
    expect(code, out.slice(-2_000)).toBe(0);
    const compiled = [...out.matchAll(/using (Liftoff|TurboFan).*bodysize (\d+)/g)].map((m) => ({ tier: m[1], size: Number(m[2]) }));
    const giants = compiled.filter((c) => c.size >= BASELINE_ONLY_MIN_BYTES);
    expect(giants.length).toBeGreaterThan(0);
    expect(giants.filter((c) => c.tier === 'TurboFan')).toEqual([]);
    expect(compiled.filter((c) => c.tier === 'TurboFan').length).toBeGreaterThan(5);
  }, 120_000);
});
