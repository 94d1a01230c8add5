/**
 * Running test code with the machine's local time zone set, for results that must not depend on it.
 *
 * Jest hands test code a copy of `process` whose `env` does not reach V8; code run in the main context sees the real
 * process. Node re-reads `TZ` when it is assigned there, so every Date's local getters (vm contexts included) follow
 * at once. Jest runs the tests of one file one at a time, so nothing else runs under the borrowed zone.
 */
import * as vm from 'node:vm';

const nodeProcess = vm.runInThisContext('process') as NodeJS.Process;

function setZone(timeZone: string | undefined): void {
  if (timeZone === undefined) delete nodeProcess.env.TZ;
  else nodeProcess.env.TZ = timeZone;
}

/** Runs `fn` with local time in `timeZone`, then gives the process its own zone back. */
export function inLocalTimeZone<T>(timeZone: string, fn: () => T): T {
  const before = nodeProcess.env.TZ;
  setZone(timeZone);
  try {
    return fn();
  } finally {
    setZone(before);
  }
}

/** The same for async work: the zone holds until the promise settles (no other test runs meanwhile). */
export async function inLocalTimeZoneAsync<T>(timeZone: string, fn: () => Promise<T>): Promise<T> {
  const before = nodeProcess.env.TZ;
  setZone(timeZone);
  try {
    return await fn();
  } finally {
    setZone(before);
  }
}

/** Zones far apart: UTC, a western one with daylight saving time, and Japan's. */
export const MACHINE_ZONES = ['UTC', 'America/New_York', 'Asia/Tokyo'] as const;
