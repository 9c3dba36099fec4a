package io.timefusion.write;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The log holds a damaged frame that cannot be a write torn by a crash, so skipping it could lose
 * acknowledged rows. Start-up must stop until an operator repairs or moves the file aside.
 */
public final class WalCorruptionException extends IOException {
  private final Path segment;
  private final long offset;

  WalCorruptionException(Path segment, long offset, String reason) {
    super(
        "WAL segment "
            + segment
            + " is corrupt at byte offset "
            + offset
            + ": "
            + reason
            + ". Refusing to start, because skipping it could lose acknowledged rows; restore the"
            + " file from a backup or move it aside deliberately.");
    this.segment = segment;
    this.offset = offset;
  }

  public Path segment() {
    return segment;
  }

  public long offset() {
    return offset;
  }
}
