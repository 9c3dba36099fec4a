package io.timefusion.write;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The byte layout of one WAL frame (big-endian):
 *
 * <pre>
 *  0  u32  magic 0x54465731 ("TFW1"), or 0x54465743 ("TFWC") when the frame's record continues
 *           in the next frame
 *  4  i32  payload length
 *  8  u32  CRC32C of the payload
 * 12  i64  sequence number
 * 20  i64  group start: sequence number of the first frame forced together with this one
 * 28  u16  table name length n
 * 30  n    table name, UTF-8
 * 30+n u32 CRC32C of bytes [0, 30+n)
 * 34+n     payload: one Arrow IPC stream (schema, one record batch, end marker)
 * </pre>
 *
 * A record is what one append logged: usually one frame, but a batch list (a COPY) is several
 * consecutive frames of one write group, all but the last marked "continued", so recovery can
 * drop a record whose end never reached the disk. The header has its own checksum so a damaged length or sequence number is caught before it is
 * trusted; the group start lets recovery tell a torn, never-acknowledged group at the tail from
 * damage to a frame that was already forced.
 */
final class WalFrame {
  static final int MAGIC = 0x54465731;
  /** The magic of a frame whose record continues in the next frame. */
  static final int MAGIC_CONTINUED = 0x54465743;
  static final int FIXED_HEADER = 30;
  static final int MAX_TABLE_NAME_BYTES = 0xFFFF;

  private WalFrame() {}

  static boolean isMagic(int word) {
    return word == MAGIC || word == MAGIC_CONTINUED;
  }

  static int headerLength(int tableNameBytes) {
    return FIXED_HEADER + tableNameBytes + 4;
  }

  static int payloadCrc(byte[] payload, int length) {
    CRC32C crc = new CRC32C();
    crc.update(payload, 0, length);
    return (int) crc.getValue();
  }

  /** Writes a frame header at the buffer's position; the buffer must have room for it. */
  static void putHeader(
      ByteBuffer out, long seq, long groupStart, byte[] table, int payloadLength, int payloadCrc, boolean continued) {
    int start = out.position();
    out.putInt(continued ? MAGIC_CONTINUED : MAGIC)
        .putInt(payloadLength)
        .putInt(payloadCrc)
        .putLong(seq)
        .putLong(groupStart)
        .putShort((short) table.length)
        .put(table);
    CRC32C crc = new CRC32C();
    crc.update(out.duplicate().position(start).limit(out.position()));
    out.putInt((int) crc.getValue());
  }
}
