import zlib from "node:zlib";

/**
 * A real zip whose one CSV entry inflates to `bytes` (default 1 GiB) of rows "0,0\n" from about
 * 1 MB: one deflated 4 MiB block (dictionary reset at its end, so copies of it chain into a valid
 * stream) repeated, then an empty final block. Built in well under a second.
 */
export function zipBomb(bytes = 1024 ** 3, name = "bomb/metrics.csv"): Buffer {
  const header = Buffer.from("step,loss\n");
  const unit = Buffer.alloc(4 * 1024 * 1024, "0,0\n");
  const copies = Math.ceil((bytes - header.length) / unit.length);
  const head = zlib.deflateRawSync(header, { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const block = zlib.deflateRawSync(unit, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const final = Buffer.from([0x03, 0x00]); // an empty fixed-Huffman block with BFINAL set
  const data = Buffer.concat([head, ...Array<Buffer>(copies).fill(block), final]);
  let crc = zlib.crc32(header);
  for (let i = 0; i < copies; i++) crc = zlib.crc32(unit, crc);
  const size = header.length + copies * unit.length;
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(crc >>> 0, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size >>> 0, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc >>> 0, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size >>> 0, 24);
  central.writeUInt16LE(fileName.length, 28);
  const cdOffset = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}
