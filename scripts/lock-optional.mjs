// Completes package-lock.json with the platform-specific optional packages the registry mirror here does not
// serve (e.g. @swc/core-darwin-arm64). `npm install` leaves them out when it cannot fetch their manifests, and
// `npm ci` then refuses the lockfile ("Missing: … from lock file"). Each one is added as an optional package
// for its own os/cpu, so npm skips it on this machine exactly as it would with a complete lockfile.
// Run after any `npm install` that changes the lockfile: `node scripts/lock-optional.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const pkgs = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

/** os/cpu/libc read from a platform package name such as `@swc/core-linux-arm-gnueabihf`. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  const libc = parts.some((p) => p.startsWith('musl')) ? 'musl' : parts.some((p) => p.startsWith('gnu')) ? 'glibc' : undefined;
  return os && cpu ? { os, cpu, libc } : null;
}

let added = 0;
for (const [where, meta] of Object.entries(pkgs)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const nested = `${where ? `${where}/` : ''}node_modules/${name}`;
    if (pkgs[key] || pkgs[nested]) continue;
    const platform = platformOf(name);
    if (!platform) continue;
    pkgs[key] = {
      version,
      cpu: [platform.cpu],
      dev: meta.dev || undefined,
      ...(platform.libc ? { libc: [platform.libc] } : {}),
      license: meta.license,
      optional: true,
      os: [platform.os],
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} optional platform packages added`);
