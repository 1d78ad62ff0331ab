// @ts-check
/**
 * Reads what a native module (.node file) exports, in plain JavaScript, on any OS: the release
 * checks a driver built for Windows, macOS or Linux wherever it runs, without nm, otool or dumpbin.
 *
 *   ELF (Linux)      the defined, global or weak, visible symbols of .dynsym
 *   Mach-O (macOS)   the external symbols defined in a section (LC_SYMTAB), without the leading "_"
 *   PE (Windows)     the names in the export directory
 *
 * and the CPU architecture the file was built for, in Node's names (x64, arm64, ia32, arm).
 * Universal (fat) Mach-O files are refused: the release builds one driver per architecture.
 */
import { readFileSync } from 'node:fs';

/** @typedef {'elf' | 'macho' | 'pe'} BinaryFormat */
/** @typedef {{ format: BinaryFormat, arch: string | undefined, exports: string[] }} NativeModuleInfo */

const ELF_MACHINES = /** @type {Record<number, string>} */ ({ 0x03: 'ia32', 0x28: 'arm', 0x3e: 'x64', 0xb7: 'arm64' });
const MACHO_CPUS = /** @type {Record<number, string>} */ ({ 0x01000007: 'x64', 0x0100000c: 'arm64', 0x07: 'ia32', 0x0c: 'arm' });
const PE_MACHINES = /** @type {Record<number, string>} */ ({ 0x8664: 'x64', 0xaa64: 'arm64', 0x014c: 'ia32', 0x01c4: 'arm' });

export class NativeModuleFormatError extends Error {
  /** @override */
  name = 'NativeModuleFormatError';
}

/**
 * @param {string} file
 * @returns {NativeModuleInfo}
 */
export function readNativeModule(file) {
  return parseNativeModule(readFileSync(file));
}

/**
 * @param {Buffer} bytes
 * @returns {NativeModuleInfo}
 */
export function parseNativeModule(bytes) {
  try {
    if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x7f454c46) return parseElf(bytes);
    if (bytes.length >= 4 && [0xfeedfacf, 0xfeedface].includes(bytes.readUInt32LE(0))) return parseMachO(bytes);
    if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xcafebabe) {
      throw new NativeModuleFormatError('a universal (fat) Mach-O file: build one driver per architecture');
    }
    if (bytes.length >= 2 && bytes.toString('latin1', 0, 2) === 'MZ') return parsePe(bytes);
  } catch (error) {
    if (error instanceof RangeError) throw new NativeModuleFormatError('a truncated or damaged file');
    throw error;
  }
  throw new NativeModuleFormatError('not an ELF, Mach-O or PE file');
}

/** @param {Buffer} bytes @param {number} start */
function cString(bytes, start) {
  const end = bytes.indexOf(0, start);
  if (end < 0) throw new RangeError('unterminated string');
  return bytes.toString('latin1', start, end);
}

/** @param {Buffer} bytes @returns {NativeModuleInfo} */
function parseElf(bytes) {
  const is64 = bytes[4] === 2;
  const littleEndian = bytes[5] === 1;
  const u16 = (/** @type {number} */ at) => (littleEndian ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (/** @type {number} */ at) => (littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const word = (/** @type {number} */ at) => (is64 ? Number(littleEndian ? bytes.readBigUInt64LE(at) : bytes.readBigUInt64BE(at)) : u32(at));

  const sectionTable = word(is64 ? 0x28 : 0x20);
  const sectionSize = u16(is64 ? 0x3a : 0x2e);
  const sectionCount = u16(is64 ? 0x3c : 0x30);
  const section = (/** @type {number} */ index) => {
    const at = sectionTable + index * sectionSize;
    return {
      type: u32(at + 4),
      offset: word(at + (is64 ? 24 : 16)),
      size: word(at + (is64 ? 32 : 20)),
      link: u32(at + (is64 ? 40 : 24)),
      entrySize: word(at + (is64 ? 56 : 36)),
    };
  };

  const SHT_DYNSYM = 11;
  const exports = [];
  for (let index = 0; index < sectionCount; index += 1) {
    const symbols = section(index);
    if (symbols.type !== SHT_DYNSYM || symbols.entrySize === 0) continue;
    const names = section(symbols.link);
    for (let at = symbols.offset; at + symbols.entrySize <= symbols.offset + symbols.size; at += symbols.entrySize) {
      const info = bytes[at + (is64 ? 4 : 12)] ?? 0;
      const other = bytes[at + (is64 ? 5 : 13)] ?? 0;
      const sectionIndex = u16(at + (is64 ? 6 : 14));
      const binding = info >> 4; // 1 global, 2 weak
      const visibility = other & 3; // 0 default, 3 protected
      if (sectionIndex === 0 || (binding !== 1 && binding !== 2) || (visibility !== 0 && visibility !== 3)) continue;
      exports.push(cString(bytes, names.offset + u32(at)));
    }
  }
  return { format: 'elf', arch: ELF_MACHINES[u16(0x12)], exports };
}

/** @param {Buffer} bytes @returns {NativeModuleInfo} */
function parseMachO(bytes) {
  const is64 = bytes.readUInt32LE(0) === 0xfeedfacf;
  const commandCount = bytes.readUInt32LE(16);
  const LC_SYMTAB = 0x2;
  const N_STAB = 0xe0;
  const N_TYPE = 0x0e;
  const N_SECT = 0x0e;
  const N_EXT = 0x01;
  const exports = [];
  let at = is64 ? 32 : 28;
  for (let command = 0; command < commandCount; command += 1) {
    const kind = bytes.readUInt32LE(at);
    const size = bytes.readUInt32LE(at + 4);
    if (size < 8) throw new RangeError('bad load command');
    if (kind === LC_SYMTAB) {
      const symbolsAt = bytes.readUInt32LE(at + 8);
      const symbolCount = bytes.readUInt32LE(at + 12);
      const stringsAt = bytes.readUInt32LE(at + 16);
      const entrySize = is64 ? 16 : 12;
      for (let index = 0; index < symbolCount; index += 1) {
        const entry = symbolsAt + index * entrySize;
        const type = bytes[entry + 4] ?? 0;
        if ((type & N_STAB) !== 0 || (type & N_EXT) === 0 || (type & N_TYPE) !== N_SECT) continue;
        const name = cString(bytes, stringsAt + bytes.readUInt32LE(entry));
        exports.push(name.startsWith('_') ? name.slice(1) : name);
      }
    }
    at += size;
  }
  return { format: 'macho', arch: MACHO_CPUS[bytes.readUInt32LE(4)], exports };
}

/** @param {Buffer} bytes @returns {NativeModuleInfo} */
function parsePe(bytes) {
  const pe = bytes.readUInt32LE(0x3c);
  if (bytes.readUInt32LE(pe) !== 0x00004550) throw new NativeModuleFormatError('an MZ file without a PE header');
  const machine = bytes.readUInt16LE(pe + 4);
  const sectionCount = bytes.readUInt16LE(pe + 6);
  const optionalSize = bytes.readUInt16LE(pe + 20);
  const optional = pe + 24;
  const isPe32Plus = bytes.readUInt16LE(optional) === 0x20b;
  const directories = optional + (isPe32Plus ? 112 : 96);
  const exportRva = bytes.readUInt32LE(directories);
  const sections = Array.from({ length: sectionCount }, (_, index) => {
    const at = optional + optionalSize + index * 40;
    return {
      virtualAddress: bytes.readUInt32LE(at + 12),
      span: Math.max(bytes.readUInt32LE(at + 8), bytes.readUInt32LE(at + 16)),
      rawAt: bytes.readUInt32LE(at + 20),
    };
  });
  const offsetOf = (/** @type {number} */ rva) => {
    const owner = sections.find((s) => rva >= s.virtualAddress && rva < s.virtualAddress + s.span);
    if (!owner) throw new RangeError('an address outside every section');
    return rva - owner.virtualAddress + owner.rawAt;
  };
  const exports = [];
  if (exportRva !== 0) {
    const directory = offsetOf(exportRva);
    const nameCount = bytes.readUInt32LE(directory + 24);
    const namesAt = offsetOf(bytes.readUInt32LE(directory + 32));
    for (let index = 0; index < nameCount; index += 1) {
      exports.push(cString(bytes, offsetOf(bytes.readUInt32LE(namesAt + index * 4))));
    }
  }
  return { format: 'pe', arch: PE_MACHINES[machine], exports };
}
