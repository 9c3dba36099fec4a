package io.timefusion.delta;

import io.delta.kernel.defaults.engine.fileio.FileIO;
import io.delta.kernel.defaults.engine.fileio.InputFile;
import io.delta.kernel.defaults.engine.fileio.OutputFile;
import io.delta.kernel.defaults.engine.fileio.PositionOutputStream;
import io.delta.kernel.defaults.engine.fileio.SeekableInputStream;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.timefusion.storage.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import java.util.Optional;

/**
 * Delta Kernel's file access, routed through our {@link ObjectStore} so the log lives wherever the
 * tables do and commits use the store's atomic put-if-absent (no Hadoop file system involved).
 */
public final class StoreFileIO implements FileIO {
  private final ObjectStore store;

  public StoreFileIO(ObjectStore store) {
    this.store = store;
  }

  @Override
  public CloseableIterator<FileStatus> listFrom(String filePath) throws IOException {
    String key = store.keyOf(filePath);
    List<FileStatus> out =
        store.listFrom(key).stream()
            .map(o -> FileStatus.of(store.uri(o.key()), o.size(), o.lastModifiedMillis()))
            .toList();
    // Kernel tells "no such table" (no _delta_log yet) from an empty listing by this exception.
    if (out.isEmpty()) throw new FileNotFoundException(filePath);
    return Utils.toCloseableIterator(out.iterator());
  }

  @Override
  public FileStatus getFileStatus(String path) throws IOException {
    ObjectStore.ObjectInfo info =
        store.stat(store.keyOf(path)).orElseThrow(() -> new FileNotFoundException(path));
    return FileStatus.of(store.uri(info.key()), info.size(), info.lastModifiedMillis());
  }

  @Override
  public String resolvePath(String path) {
    return store.uri(store.keyOf(path));
  }

  @Override
  public boolean mkdirs(String path) {
    return true; // object stores have no directories; local puts create parents
  }

  @Override
  public InputFile newInputFile(String path, long fileSize) {
    String key = store.keyOf(path);
    return new InputFile() {
      @Override
      public long length() throws IOException {
        return fileSize >= 0 ? fileSize : getFileStatus(path).getSize();
      }

      @Override
      public String path() {
        return path;
      }

      @Override
      public SeekableInputStream newStream() throws IOException {
        // Kernel probes optional files (_last_checkpoint) and expects "not found", not empty data.
        ObjectStore.ObjectInfo info =
            store.stat(key).orElseThrow(() -> new FileNotFoundException(path));
        return new RangeInputStream(store, key, info.size());
      }
    };
  }

  @Override
  public OutputFile newOutputFile(String path) {
    String key = store.keyOf(path);
    return new OutputFile() {
      @Override
      public String path() {
        return path;
      }

      @Override
      public PositionOutputStream create(boolean overwrite) throws IOException {
        if (!overwrite && store.stat(key).isPresent()) throw new FileAlreadyExistsException(path);
        return new BufferedPut(store, key, overwrite);
      }

      @Override
      public void writeAtomically(CloseableIterator<String> data, boolean overwrite)
          throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (data) {
          while (data.hasNext()) {
            buf.write(data.next().getBytes(StandardCharsets.UTF_8));
            buf.write('\n');
          }
        }
        if (overwrite) {
          store.put(key, buf.toByteArray());
        } else if (!store.putIfAbsent(key, buf.toByteArray())) {
          throw new FileAlreadyExistsException(path);
        }
      }
    };
  }

  @Override
  public boolean delete(String path) throws IOException {
    return store.delete(store.keyOf(path));
  }

  @Override
  public Optional<String> getConf(String confKey) {
    return Optional.empty();
  }

  /** Buffers a whole object and stores it on close (Kernel writes only small files: checkpoints, checksums). */
  private static final class BufferedPut extends PositionOutputStream {
    private final ObjectStore store;
    private final String key;
    private final boolean overwrite;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private boolean closed;

    BufferedPut(ObjectStore store, String key, boolean overwrite) {
      this.store = store;
      this.key = key;
      this.overwrite = overwrite;
    }

    @Override
    public long getPos() {
      return buf.size();
    }

    @Override
    public void write(int b) {
      buf.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      buf.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (closed) return;
      closed = true;
      if (overwrite) {
        store.put(key, buf.toByteArray());
      } else if (!store.putIfAbsent(key, buf.toByteArray())) {
        throw new FileAlreadyExistsException(key);
      }
    }
  }

  /** A seekable stream reading the object in ranged chunks. */
  private static final class RangeInputStream extends SeekableInputStream {
    private static final int CHUNK = 1 << 20;
    private final ObjectStore store;
    private final String key;
    private final long length;
    private long pos;
    private byte[] chunk = new byte[0];
    private long chunkStart;

    RangeInputStream(ObjectStore store, String key, long length) {
      this.store = store;
      this.key = key;
      this.length = length;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void seek(long newPos) {
      pos = newPos;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      if (pos >= length) return -1;
      if (pos < chunkStart || pos >= chunkStart + chunk.length) {
        chunkStart = pos;
        chunk = store.readRange(key, pos, (int) Math.min(CHUNK, length - pos));
      }
      int n = (int) Math.min(len, chunkStart + chunk.length - pos);
      System.arraycopy(chunk, (int) (pos - chunkStart), b, off, n);
      pos += n;
      return n;
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
      int done = 0;
      while (done < len) {
        int n = read(b, off + done, len - done);
        if (n < 0) throw new java.io.EOFException(key);
        done += n;
      }
    }
  }
}
