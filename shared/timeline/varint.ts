// Unsigned LEB128 varints and zig-zag signed integers over a growable byte buffer. Arithmetic, not bit
// operators, so values up to 2^53 survive (bit operators would cut them to 32 bits).

export class ByteWriter {
  private bytes: Uint8Array;
  length = 0;

  constructor(initial = 1024) {
    this.bytes = new Uint8Array(initial);
  }

  uint(value: number): void {
    this.reserve(8);
    let v = value;
    while (v >= 128) {
      this.bytes[this.length++] = (v % 128) + 128;
      v = Math.floor(v / 128);
    }
    this.bytes[this.length++] = v;
  }

  int(value: number): void {
    this.uint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  /** A copy of exactly the bytes written (for sealing a chunk: no slack kept). */
  toBytes(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  /** The bytes written so far, without copying (valid until the next write). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
}

export class ByteReader {
  offset: number;

  constructor(
    private readonly bytes: Uint8Array,
    offset = 0,
  ) {
    this.offset = offset;
  }

  uint(): number {
    let value = 0;
    let multiplier = 1;
    for (;;) {
      const byte = this.bytes[this.offset++];
      if (byte === undefined) throw new Error('timeline: truncated frame');
      value += (byte % 128) * multiplier;
      if (byte < 128) return value;
      multiplier *= 128;
    }
  }

  int(): number {
    const v = this.uint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }
}
