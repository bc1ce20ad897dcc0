// WebAssembly's unsigned LEB128 numbers, read and written, for the two module rewrites
// (wasm-tiering.ts, wasm-memory.ts).

/** The number at `at`, and the offset after it. */
export function readLeb(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  let next = at;
  for (;;) {
    const byte = bytes[next++];
    if (byte === undefined) throw new Error('wasm.truncated: the module ends inside a number');
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return [value, next];
  }
}

/** A number's bytes. */
export function leb(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    out.push(byte);
  } while (rest > 0);
  return out;
}
