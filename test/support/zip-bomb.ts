/**
 * Zip packages written byte by byte, for what a zip library will not write: a part whose central directory
 * understates its size, and a part that inflates to gigabytes from a few megabytes (one deflate block of spaces
 * repeated, made in milliseconds rather than by deflating gigabytes).
 */
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { deflateRawSync, constants } from 'node:zlib';

export interface RawEntry {
  name: string;
  /** Raw deflate data. */
  deflated: Buffer;
  /** What the directory says it inflates to (the truth, or a lie). */
  declaredSize: number;
}

/** Raw deflate of `copies` MiB of spaces: one flushed block repeated, then an empty final block. */
export function spacesDeflated(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024, 0x20), { finishFlush: constants.Z_FULL_FLUSH });
  const end = deflateRawSync(Buffer.alloc(0));
  return Buffer.concat([...Array.from({ length: mib }, () => block), end]);
}

/** A zip of the given entries (no zip64: each size under 4 GiB; CRCs are zero, which exceljs and yauzl do not check). */
export function writeZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(e.deflated.length, 20);
    dir.writeUInt32LE(e.declaredSize, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, e.deflated);
    central.push(dir, name);
    offset += local.length + name.length + e.deflated.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

/** The parts of an .xlsx file as raw entries, sizes true. */
export async function entriesOf(file: string): Promise<RawEntry[]> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const out: RawEntry[] = [];
  for (const f of Object.values(zip.files)) {
    if (f.dir) continue;
    const data = await f.async('nodebuffer');
    out.push({ name: f.name, deflated: deflateRawSync(data), declaredSize: data.length });
  }
  return out;
}
