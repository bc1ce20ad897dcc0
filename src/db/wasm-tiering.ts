// How PGlite's WebAssembly is compiled, and why a few of its functions never get V8's optimizing
// compiler. V8 runs WebAssembly first with its baseline compiler (Liftoff) and recompiles each
// function that has run enough with its optimizing compiler (TurboFan), in the background. For
// most of PostgreSQL that is cheap and makes sustained work 2 to 9 times faster. For its few
// giant functions it is not: PGlite 0.5's largest functions (97 to 127 kB of code each, 4 of
// 13,725) took 35 to 604 MB each to optimize, for 2 to 8 seconds, a few seconds after every
// start; that was most of the process's memory peak (docs/operations.md, "Memory").
//
// Those functions are compiled ahead with the baseline compiler and without the counters that
// trigger optimization; every other function keeps V8's default tiering. Two V8 mechanisms:
// - a `compilationHints` custom section (one byte per defined function, placed before the code
//   section) asks for these functions to be compiled eagerly, with the baseline tier as their top
//   tier, when the module is compiled; V8 reads it under --experimental-wasm-compilation-hints;
// - the baseline compiler leaves out the optimization counters of a function whose index does not
//   match --wasm-tier-up-filter, a flag it reads as it compiles each function. It is set to an
//   imported function's index (0, never compiled here) only while the module is compiled, when
//   only the eager functions are compiled, and set back before anything runs.
// If V8 ever refuses the section, the module is compiled without it (default tiering throughout).
import { setFlagsFromString } from 'node:v8';
import { leb, readLeb } from './wasm-leb.ts';

/** Functions with at least this many bytes of code stay on the baseline compiler. */
export const BASELINE_ONLY_MIN_BYTES = 90_000;

/** Hint byte: strategy eager (2), baseline tier baseline (1 << 2), top tier baseline (1 << 4). */
const BASELINE_ONLY = 0x16;
const SECTION_NAME = 'compilationHints';
const CODE_SECTION = 10;
const FUNCTION_SECTION = 3;

/** A compiled WebAssembly module (the DOM's type is not in this project's libraries). */
export type CompiledModule = object;
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledModule> } }).WebAssembly;

export interface WasmLayout {
  /** Byte size of each defined (not imported) function's code, in the code section's order. */
  bodySizes: number[];
  /** Offset of the code section's first byte (its id). */
  codeSectionOffset: number;
}

/** Where the functions of a WebAssembly binary are; undefined when it is not one this can read. */
export function wasmLayout(bytes: Uint8Array): WasmLayout | undefined {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return undefined;
  try {
    let at = 8;
    let declared = -1;
    while (at < bytes.length) {
      const id = bytes[at]!;
      const [size, body] = readLeb(bytes, at + 1);
      if (id === FUNCTION_SECTION) declared = readLeb(bytes, body)[0];
      if (id === CODE_SECTION) {
        let [count, next] = readLeb(bytes, body);
        if (count !== declared) return undefined;
        const bodySizes: number[] = [];
        for (; count > 0; count--) {
          const [length, start] = readLeb(bytes, next);
          bodySizes.push(length);
          next = start + length;
        }
        return next === body + size && next <= bytes.length ? { bodySizes, codeSectionOffset: at } : undefined;
      }
      at = body + size;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * The module with a compilation-hints section keeping each function of at least `minBytes` of code
 * on the baseline compiler, and those functions' indices among the defined functions; the bytes
 * unchanged (and no index) when no function is that large or the binary cannot be read.
 */
export function withBaselineOnlyHints(bytes: Uint8Array, minBytes: number): { bytes: Uint8Array; baselineOnly: number[] } {
  const layout = wasmLayout(bytes);
  if (!layout) return { bytes, baselineOnly: [] };
  const hints = new Uint8Array(layout.bodySizes.length);
  const baselineOnly: number[] = [];
  layout.bodySizes.forEach((size, index) => {
    if (size >= minBytes) { hints[index] = BASELINE_ONLY; baselineOnly.push(index); }
  });
  if (baselineOnly.length === 0) return { bytes, baselineOnly };
  const name = new TextEncoder().encode(SECTION_NAME);
  const payload = [...leb(name.length), ...name, ...leb(hints.length)];
  const header = Uint8Array.from([0, ...leb(payload.length + hints.length), ...payload]);
  const out = new Uint8Array(bytes.length + header.length + hints.length);
  out.set(bytes.subarray(0, layout.codeSectionOffset), 0);
  out.set(header, layout.codeSectionOffset);
  out.set(hints, layout.codeSectionOffset + header.length);
  out.set(bytes.subarray(layout.codeSectionOffset), layout.codeSectionOffset + header.length + hints.length);
  return { bytes: out, baselineOnly };
}

/**
 * Compiles PGlite's module with its giant functions kept on the baseline compiler. Call it before
 * any WebAssembly of the process runs (the flags it sets for the time of the compilation are
 * process-wide); the embedded engine compiles once per process, before its first worker starts.
 */
export async function compileBaselineOnlyGiants(bytes: Uint8Array, minBytes = BASELINE_ONLY_MIN_BYTES): Promise<CompiledModule> {
  const hinted = withBaselineOnlyHints(bytes, minBytes);
  if (hinted.baselineOnly.length === 0) return wasm.compile(bytes);
  setFlagsFromString('--experimental-wasm-compilation-hints');
  setFlagsFromString('--wasm-tier-up-filter=0');
  // V8 compiles on its own threads and Node's event loop does not wait for it: without this
  // timer a process with nothing else pending would exit in the middle of its start.
  const keepAlive = setInterval(() => undefined, 60_000);
  let compiled: CompiledModule | undefined;
  try {
    compiled = await wasm.compile(hinted.bytes);
  } catch {
    compiled = undefined;
  } finally {
    setFlagsFromString('--wasm-tier-up-filter=-1');
    clearInterval(keepAlive);
  }
  return compiled ?? wasm.compile(bytes);
}
