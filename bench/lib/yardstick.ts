// A fixed job that times the machine, not the matcher: the same work in every version of the
// code, so its CPU time says how fast the machine runs at that moment. It mixes what the matcher
// does most: reads at random from arrays larger than the caches and from small tables that stay
// in them, a binary heap, and a sort of doubles.

/** Runs the job once; returns a checksum so that no part of it can be left out. */
export function yardstickJob(): number {
  let x = 0x9e3779b9;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  // 32 MB of entries read at random, and a 256 KB table read beside each of them.
  const big = new Int32Array(1 << 23), small = new Int32Array(1 << 16);
  for (let k = 0; k < big.length; k++) big[k] = next() & 0x7fffffff;
  for (let k = 0; k < small.length; k++) small[k] = next() & 0xffff;
  let sum = 0, at = 0;
  for (let k = 0; k < 4_000_000; k++) {
    at = (big[at]! ^ small[at & 0xffff]!) & (big.length - 1);
    sum = (sum + at) | 0;
  }
  // A binary heap: half a million pushes, then every pop.
  const heap = new Float64Array(1 << 19);
  let size = 0;
  for (let k = 0; k < heap.length; k++) {
    let c = size++;
    const v = next() / 4096;
    while (c > 0 && heap[(c - 1) >> 1]! > v) { heap[c] = heap[(c - 1) >> 1]!; c = (c - 1) >> 1; }
    heap[c] = v;
  }
  while (size > 0) {
    sum = (sum + (heap[0]! | 0)) | 0;
    const last = heap[--size]!;
    let c = 0;
    for (;;) {
      let child = 2 * c + 1;
      if (child >= size) break;
      if (child + 1 < size && heap[child + 1]! < heap[child]!) child++;
      if (heap[child]! >= last) break;
      heap[c] = heap[child]!;
      c = child;
    }
    heap[c] = last;
  }
  // A sort of a million doubles.
  const values = new Float64Array(1_000_000);
  for (let k = 0; k < values.length; k++) values[k] = next() / 1024;
  values.sort();
  return (sum + (values[values.length >> 1]! | 0)) | 0;
}
