// Where the suite's CPU time goes: with TEST_CPU_LOG=<file>, each test file appends one line to
// <file>: the file, the CPU seconds (user+sys) its test process spent since the previous file of
// that process ended (or since the process started: its start-up, the imports and the tests),
// those of the child processes it started and waited for, its wall seconds and the process id.
// Without the variable this does nothing.
//   TEST_CPU_LOG=/tmp/cpu.tsv npm test; sort -t$'\t' -k2 -rn /tmp/cpu.tsv | head
import { appendFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll } from 'vitest';

const log = process.env.TEST_CPU_LOG;

/** CPU seconds of the children this process has waited for (Linux only; 0 elsewhere). */
function childrenCpu(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime, fields 16 and 17 of proc(5), counted here from the third (state).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

interface Mark { cpu: number; children: number; wall: number }
const marks = globalThis as typeof globalThis & { mentorCpuMark?: Mark };
const now = (): Mark => {
  const used = process.cpuUsage();
  return { cpu: (used.user + used.system) / 1e6, children: childrenCpu(), wall: performance.timeOrigin + performance.now() };
};

if (log) {
  const start = marks.mentorCpuMark ?? { cpu: 0, children: 0, wall: performance.timeOrigin };
  // eslint-disable-next-line no-empty-pattern -- Vitest passes the file's suite second, after a context
  afterAll(({}, suite) => {
    const end = now();
    marks.mentorCpuMark = end;
    const fields = [relative(process.cwd(), suite.file.filepath), (end.cpu - start.cpu).toFixed(2),
      (end.children - start.children).toFixed(2), ((end.wall - start.wall) / 1000).toFixed(2), String(process.pid)];
    appendFileSync(log, `${fields.join('\t')}\n`);
  });
}
