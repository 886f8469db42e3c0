import { readFileSync } from 'node:fs';
import type { ServiceProcess } from '@commerce/testing';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/** User + system CPU time the process has used so far, ms. */
export function cpuMs(service: ServiceProcess): number {
  // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
  const stat = readFileSync(`/proc/${service.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Peak resident set size (VmHWM), MiB. */
export function peakRssMiB(service: ServiceProcess): number {
  const status = readFileSync(`/proc/${service.pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kib / 1024;
}
