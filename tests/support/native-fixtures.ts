/**
 * Minimal native-module files for the packaging tests: just enough ELF, Mach-O or PE structure for
 * the symbol reader (scripts/release/native-symbols.mjs) to find exported names and the CPU, as a
 * compiler lays them out. Each also carries an imported (undefined) symbol, which must not count as
 * an export. They cannot be loaded: they stand in for the Electron build of the database driver,
 * which cannot be compiled on a machine without Electron's headers.
 */
import { writeFileSync } from 'node:fs';

export type FixtureFormat = 'elf' | 'macho' | 'pe';
export type FixtureArch = 'x64' | 'arm64';

export interface NativeFixture {
  format: FixtureFormat;
  arch: FixtureArch;
  exports: readonly string[];
}

/** The symbol Node and Electron look for in a module built with NODE_MODULE for this ABI. */
export const registerSymbol = (abi: string | number): string => `node_register_module_v${abi}`;

const IMPORTED = 'sqlite3_imported_elsewhere';

function strings(names: readonly string[], prefix = ''): { bytes: Buffer; offsets: number[] } {
  const offsets: number[] = [];
  const parts = [Buffer.from([0])];
  let at = 1;
  for (const name of names) {
    offsets.push(at);
    const part = Buffer.from(`${prefix}${name}\0`, 'latin1');
    parts.push(part);
    at += part.length;
  }
  return { bytes: Buffer.concat(parts), offsets };
}

const align = (value: number, to: number): number => Math.ceil(value / to) * to;

function elf({ arch, exports }: NativeFixture): Buffer {
  const symbolNames = [...exports, IMPORTED, 'local_helper'];
  const dynstr = strings(symbolNames);
  const shstr = strings(['.dynstr', '.dynsym', '.shstrtab', '.text']);
  const dynstrAt = 64;
  const dynsymAt = align(dynstrAt + dynstr.bytes.length, 8);
  const dynsymSize = 24 * (symbolNames.length + 1);
  const shstrAt = dynsymAt + dynsymSize;
  const sectionsAt = align(shstrAt + shstr.bytes.length, 8);
  const file = Buffer.alloc(sectionsAt + 64 * 5);

  file.writeUInt32BE(0x7f454c46, 0);
  file[4] = 2; // 64-bit
  file[5] = 1; // little-endian
  file[6] = 1;
  file.writeUInt16LE(3, 0x10); // shared object
  file.writeUInt16LE(arch === 'x64' ? 0x3e : 0xb7, 0x12);
  file.writeUInt32LE(1, 0x14);
  file.writeBigUInt64LE(BigInt(sectionsAt), 0x28);
  file.writeUInt16LE(64, 0x34);
  file.writeUInt16LE(64, 0x3a);
  file.writeUInt16LE(5, 0x3c);
  file.writeUInt16LE(3, 0x3e);

  dynstr.bytes.copy(file, dynstrAt);
  symbolNames.forEach((name, index) => {
    const at = dynsymAt + 24 * (index + 1);
    file.writeUInt32LE(dynstr.offsets[index] ?? 0, at);
    const isLocal = name === 'local_helper';
    file[at + 4] = ((isLocal ? 0 : 1) << 4) | 2; // binding (local / global) and type FUNC
    file.writeUInt16LE(name === IMPORTED ? 0 : 4, at + 6); // undefined, or in .text
  });
  shstr.bytes.copy(file, shstrAt);

  const section = (index: number, nameIndex: number, type: number, offset: number, size: number, link = 0, entrySize = 0) => {
    const at = sectionsAt + 64 * index;
    file.writeUInt32LE(shstr.offsets[nameIndex] ?? 0, at);
    file.writeUInt32LE(type, at + 4);
    file.writeBigUInt64LE(BigInt(offset), at + 24);
    file.writeBigUInt64LE(BigInt(size), at + 32);
    file.writeUInt32LE(link, at + 40);
    file.writeBigUInt64LE(BigInt(entrySize), at + 56);
  };
  section(1, 0, 3, dynstrAt, dynstr.bytes.length);
  section(2, 1, 11, dynsymAt, dynsymSize, 1, 24);
  section(3, 2, 3, shstrAt, shstr.bytes.length);
  section(4, 3, 1, 0, 0);
  return file;
}

function machO({ arch, exports }: NativeFixture): Buffer {
  const symbolNames = [...exports, IMPORTED];
  const table = strings(symbolNames, '_');
  const symbolsAt = 32 + 24;
  const stringsAt = symbolsAt + 16 * symbolNames.length;
  const file = Buffer.alloc(stringsAt + table.bytes.length);

  file.writeUInt32LE(0xfeedfacf, 0);
  file.writeUInt32LE(arch === 'x64' ? 0x01000007 : 0x0100000c, 4);
  file.writeUInt32LE(arch === 'x64' ? 3 : 0, 8);
  file.writeUInt32LE(8, 12); // MH_BUNDLE, as node-gyp links .node files
  file.writeUInt32LE(1, 16);
  file.writeUInt32LE(24, 20);

  file.writeUInt32LE(0x2, 32); // LC_SYMTAB
  file.writeUInt32LE(24, 36);
  file.writeUInt32LE(symbolsAt, 40);
  file.writeUInt32LE(symbolNames.length, 44);
  file.writeUInt32LE(stringsAt, 48);
  file.writeUInt32LE(table.bytes.length, 52);

  symbolNames.forEach((name, index) => {
    const at = symbolsAt + 16 * index;
    file.writeUInt32LE(table.offsets[index] ?? 0, at);
    file[at + 4] = name === IMPORTED ? 0x01 : 0x0f; // external undefined, or external in a section
    file[at + 5] = name === IMPORTED ? 0 : 1;
  });
  table.bytes.copy(file, stringsAt);
  return file;
}

function pe({ arch, exports }: NativeFixture): Buffer {
  const peAt = 64;
  const optionalAt = peAt + 24;
  const optionalSize = 112 + 16 * 8;
  const rawAt = 0x200;
  const rva = 0x1000;
  const namesRva = rva + 40;
  const table = strings(exports);
  const stringsRva = namesRva + 4 * exports.length;
  const sectionSize = 40 + 4 * exports.length + table.bytes.length;
  const file = Buffer.alloc(rawAt + align(sectionSize, 0x200));

  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(peAt, 0x3c);
  file.writeUInt32LE(0x00004550, peAt);
  file.writeUInt16LE(arch === 'x64' ? 0x8664 : 0xaa64, peAt + 4);
  file.writeUInt16LE(1, peAt + 6);
  file.writeUInt16LE(optionalSize, peAt + 20);
  file.writeUInt16LE(0x2022, peAt + 22); // executable DLL
  file.writeUInt16LE(0x20b, optionalAt); // PE32+
  file.writeUInt32LE(rva, optionalAt + 112); // export directory
  file.writeUInt32LE(sectionSize, optionalAt + 116);

  const sectionAt = optionalAt + optionalSize;
  file.write('.edata', sectionAt, 'latin1');
  file.writeUInt32LE(sectionSize, sectionAt + 8);
  file.writeUInt32LE(rva, sectionAt + 12);
  file.writeUInt32LE(align(sectionSize, 0x200), sectionAt + 16);
  file.writeUInt32LE(rawAt, sectionAt + 20);

  file.writeUInt32LE(exports.length, rawAt + 20);
  file.writeUInt32LE(exports.length, rawAt + 24);
  file.writeUInt32LE(namesRva, rawAt + 32);
  exports.forEach((_, index) => file.writeUInt32LE(stringsRva + (table.offsets[index] ?? 0), rawAt + 40 + 4 * index));
  table.bytes.copy(file, rawAt + 40 + 4 * exports.length);
  return file;
}

export function nativeFixture(fixture: NativeFixture): Buffer {
  if (fixture.format === 'elf') return elf(fixture);
  if (fixture.format === 'macho') return machO(fixture);
  return pe(fixture);
}

export function writeNativeFixture(file: string, fixture: NativeFixture): string {
  writeFileSync(file, nativeFixture(fixture));
  return file;
}
