// PGlite's WebAssembly imports its memory with a declared minimum of 128 MB, and PGlite creates it
// at that size. Untouched, those pages cost nothing; but creating a database runs initdb, which
// copies the whole memory of its PostgreSQL (a snapshot, `HEAPU8.slice()`) and writes it back
// before each of its runs: every page of the 128 MB is then touched twice, once in the copy and
// once in the memory, for nothing but zeros (docs/operations.md, "Memory").
//
// The memory grows on demand (its maximum is 2 GB), so a smaller minimum is enough: this rewrites
// the minimum declared by the memory import, which must still hold the module's static data, and
// PGlite is then given a memory of that size (its `initialMemory` option).

import { leb, readLeb } from './wasm-leb.ts';

/** The smallest memory PGlite starts with here: its static data takes under 3 MB. */
export const INITIAL_MEMORY_BYTES = 16 * 1024 * 1024;
const PAGE = 65_536;
const IMPORT_SECTION = 2;
const DATA_SECTION = 11;
const KIND_FUNCTION = 0, KIND_TABLE = 1, KIND_MEMORY = 2, KIND_GLOBAL = 3, KIND_TAG = 4;

function skipName(bytes: Uint8Array, at: number): number {
  const [length, start] = readLeb(bytes, at);
  return start + length;
}

function skipLimits(bytes: Uint8Array, at: number): number {
  const flags = bytes[at]!;
  let next = readLeb(bytes, at + 1)[1];
  if (flags & 1) next = readLeb(bytes, next)[1];
  return next;
}

/** Where the memory import's minimum is (offset and length of its number, its value), and the end of active data. */
interface MemoryLayout { importSection: { at: number; body: number; end: number }; minimum: { at: number; next: number; pages: number }; dataEnd: number }

export function memoryLayout(bytes: Uint8Array): MemoryLayout | undefined {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return undefined;
  try {
    let at = 8;
    let found: Omit<MemoryLayout, 'dataEnd'> | undefined;
    let dataEnd = 0;
    while (at < bytes.length) {
      const id = bytes[at]!;
      const [size, body] = readLeb(bytes, at + 1);
      const end = body + size;
      if (end > bytes.length) return undefined;
      if (id === IMPORT_SECTION) {
        let [count, next] = readLeb(bytes, body);
        for (; count > 0; count--) {
          next = skipName(bytes, skipName(bytes, next));
          const kind = bytes[next++];
          if (kind === KIND_FUNCTION) next = readLeb(bytes, next)[1];
          else if (kind === KIND_TABLE) next = skipLimits(bytes, next + 1);
          else if (kind === KIND_GLOBAL) next += 2;
          else if (kind === KIND_TAG) next = readLeb(bytes, next + 1)[1];
          else if (kind === KIND_MEMORY) {
            const flags = bytes[next]!;
            // Only a plain 32-bit, unshared memory (flags 0 or 1) is rewritten.
            if (flags > 1 || found) return undefined;
            const [pages, after] = readLeb(bytes, next + 1);
            found = { importSection: { at, body, end }, minimum: { at: next + 1, next: after, pages } };
            next = skipLimits(bytes, next);
          } else return undefined;
        }
        if (next !== end) return undefined;
      }
      if (id === DATA_SECTION) {
        let [count, next] = readLeb(bytes, body);
        for (; count > 0; count--) {
          const mode = bytes[next++];
          if (mode === 0) {
            // Active data at a constant offset (i32.const N; end): where it ends in memory.
            if (bytes[next] !== 0x41) return undefined;
            const [offset, afterOffset] = readLeb(bytes, next + 1);
            if (bytes[afterOffset] !== 0x0b) return undefined;
            const [length, start] = readLeb(bytes, afterOffset + 1);
            dataEnd = Math.max(dataEnd, offset + length);
            next = start + length;
          } else if (mode === 1) {
            const [length, start] = readLeb(bytes, next);
            next = start + length;
          } else return undefined;
        }
      }
      at = end;
    }
    return found ? { ...found, dataEnd } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The module with its imported memory's declared minimum lowered to `bytesWanted` (rounded up to
 * whole pages), and that minimum in bytes; the bytes unchanged (and `undefined`) when the module
 * has no such import, when it already asks for less, when its static data would not fit, or when it
 * cannot be read.
 */
export function withSmallerMemory(bytes: Uint8Array, bytesWanted = INITIAL_MEMORY_BYTES): { bytes: Uint8Array; initialMemory: number | undefined } {
  const layout = memoryLayout(bytes);
  const pages = Math.ceil(bytesWanted / PAGE);
  if (!layout || layout.minimum.pages <= pages || layout.dataEnd > pages * PAGE) return { bytes, initialMemory: undefined };
  const { importSection, minimum } = layout;
  const number = leb(pages);
  const sectionBody = new Uint8Array(importSection.end - importSection.body - (minimum.next - minimum.at) + number.length);
  sectionBody.set(bytes.subarray(importSection.body, minimum.at), 0);
  sectionBody.set(number, minimum.at - importSection.body);
  sectionBody.set(bytes.subarray(minimum.next, importSection.end), minimum.at - importSection.body + number.length);
  const header = [IMPORT_SECTION, ...leb(sectionBody.length)];
  const out = new Uint8Array(importSection.at + header.length + sectionBody.length + bytes.length - importSection.end);
  out.set(bytes.subarray(0, importSection.at), 0);
  out.set(header, importSection.at);
  out.set(sectionBody, importSection.at + header.length);
  out.set(bytes.subarray(importSection.end), importSection.at + header.length + sectionBody.length);
  return { bytes: out, initialMemory: pages * PAGE };
}
