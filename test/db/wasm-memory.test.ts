// PGlite's memory starts small (src/db/wasm-memory.ts) and initdb runs with the lean settings
// (src/db/embedded-worker.ts): creating a database touched about 120 MB of zeros and shared buffers
// before. The rewrite is checked on a module built here and on PGlite's own module; a database
// created on a folder shows initdb's settings in its postgresql.conf.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { INITIAL_MEMORY_BYTES, memoryLayout, withSmallerMemory } from '../../src/db/wasm-memory.ts';

const leb = (n: number): number[] => { const out: number[] = []; do { let b = n % 128; n = Math.floor(n / 128); if (n > 0) b |= 0x80; out.push(b); } while (n > 0); return out; };
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
const name = (text: string) => [...leb(text.length), ...new TextEncoder().encode(text)];

/**
 * A module importing a function and `env.memory` (minimum `pages`, maximum 32768) with `data` at
 * `offset`, exporting `peek(address)`, the byte there.
 */
function withMemoryImport(pages: number, offset: number, data: number[]): Uint8Array {
  const body = [0, 0x20, 0, 0x2d, 0, 0, 0x0b]; // local.get 0; i32.load8_u; end
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [2, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 0, 0]), // (i32) -> i32, () -> ()
    ...section(2, [2, ...name('env'), ...name('tick'), 0, 1, ...name('env'), ...name('memory'), 2, 1, ...leb(pages), ...leb(32_768)]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('peek'), 0, 1]),
    ...section(10, [1, ...leb(body.length), ...body]),
    ...section(11, [1, 0, 0x41, ...leb(offset), 0x0b, ...leb(data.length), ...data]),
  ]);
}

interface Wasm {
  Module: new (b: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, (a: number) => number> };
  Memory: new (d: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
  validate(b: Uint8Array): boolean;
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
const PGLITE_WASM = createRequire(import.meta.url).resolve('@electric-sql/pglite').replace(/[^/\\]+$/, 'pglite.wasm');

describe('a smaller starting memory for PGlite', () => {
  it('lowers the declared minimum of the memory import, and the module runs in a memory of that size', () => {
    const module = withMemoryImport(2_048, 1_000, [7, 8, 9]);
    expect(memoryLayout(module)).toMatchObject({ minimum: { pages: 2_048 }, dataEnd: 1_003 });
    const smaller = withSmallerMemory(module, 1_000_000);
    expect(smaller.initialMemory).toBe(16 * 65_536);
    expect(memoryLayout(smaller.bytes)).toMatchObject({ minimum: { pages: 16 }, dataEnd: 1_003 });
    expect(wasm.validate(smaller.bytes)).toBe(true);
    const imports = (pages: number) => ({ env: { tick: () => undefined, memory: new wasm.Memory({ initial: pages, maximum: 32_768 }) } });
    // The module as it was refuses a 16-page memory; the rewritten one takes it and finds its data.
    expect(() => new wasm.Instance(new wasm.Module(module), imports(16))).toThrow(/memory/);
    const instance = new wasm.Instance(new wasm.Module(smaller.bytes), imports(16));
    expect([1_000, 1_001, 1_002].map((address) => instance.exports.peek!(address))).toEqual([7, 8, 9]);
  });

  it('leaves the module as it is when its data would not fit, when it asks for less already, or when it cannot be read', () => {
    const module = withMemoryImport(2_048, 2 * 65_536, [1]);
    expect(withSmallerMemory(module, 65_536)).toEqual({ bytes: module, initialMemory: undefined });
    const small = withMemoryImport(8, 0, [1]);
    expect(withSmallerMemory(small, 16 * 65_536)).toEqual({ bytes: small, initialMemory: undefined });
    const truncated = module.subarray(0, module.length - 2);
    expect(withSmallerMemory(truncated).bytes).toBe(truncated);
    expect(memoryLayout(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]))).toBeUndefined();
  });

  it("finds PGlite's memory import (128 MB declared) and static data well under the smaller start", () => {
    const layout = memoryLayout(readFileSync(PGLITE_WASM))!;
    // If a PGlite upgrade changes this, measure a database's creation again (docs/operations.md, Memory).
    expect(layout.minimum.pages).toBe(2_048);
    expect(layout.dataEnd).toBeLessThan(INITIAL_MEMORY_BYTES / 2);
    expect(withSmallerMemory(readFileSync(PGLITE_WASM)).initialMemory).toBe(INITIAL_MEMORY_BYTES);
  });

  it('creates a database on a folder with initdb run on the lean settings, written in its postgresql.conf, and opens it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mentor-wasm-memory-'));
    try {
      const created = await openDatabase({ dataDir: dir });
      const shown = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(created.db);
      expect(shown.rows[0]?.shared_buffers).toBe('16MB');
      await sql`create table kept (n int)`.execute(created.db);
      await sql`insert into kept values (42)`.execute(created.db);
      await created.close();
      const conf = readFileSync(join(dir, 'postgresql.conf'), 'utf8');
      // embedded-worker.ts's LEAN_SETTINGS (that module runs only as a worker thread).
      for (const setting of ['shared_buffers=16MB', 'wal_buffers=1MB', 'temp_buffers=2MB', 'maintenance_work_mem=16MB']) {
        const [key, value] = setting.split('=');
        expect(conf).toMatch(new RegExp(`^${key} = ${value}\\b`, 'm'));
      }
      expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
      const again = await openDatabase({ dataDir: dir });
      expect((await sql<{ n: number }>`select n from kept`.execute(again.db)).rows).toEqual([{ n: 42 }]);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
