// The environment of a process a test starts with only the variables it names: those, PATH, and
// Node's compile cache (NODE_COMPILE_CACHE, set by the global setup for the run), which changes
// nothing the process does but spares it compiling the same modules again at every start, about
// half of a start's CPU time.
export function childEnv(env: Record<string, string> = {}): Record<string, string> {
  const cache = process.env.NODE_COMPILE_CACHE;
  return { PATH: process.env.PATH ?? '', ...(cache ? { NODE_COMPILE_CACHE: cache } : {}), ...env };
}
