package io.timefusion.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** An {@link ObjectStore} over a local directory; writes are fsynced and land atomically by rename or link. */
public final class LocalObjectStore implements ObjectStore {
  private final Path root;

  public LocalObjectStore(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    Files.createDirectories(this.root);
  }

  public Path root() {
    return root;
  }

  public Path pathOf(String key) {
    Path p = root.resolve(keyOf(key)).normalize();
    if (!p.startsWith(root)) throw new IllegalArgumentException("key escapes the store root: " + key);
    return p;
  }

  @Override
  public String uri(String key) {
    // A real URI (percent-encoded): Delta paths are URIs, and partition directories contain
    // Hive escapes such as %3A that must survive as literal characters.
    // Kernel compares log paths as strings in its own "file:/abs" form, so produce exactly that.
    String raw = pathOf(key).toUri().getRawPath();
    if (raw.length() > 1 && raw.endsWith("/")) raw = raw.substring(0, raw.length() - 1);
    return "file:" + raw;
  }

  @Override
  public String enginePath(String key) {
    return pathOf(key).toString();
  }

  @Override
  public String keyOf(String uriOrKey) {
    String s = uriOrKey;
    if (s.startsWith("file:")) {
      try {
        s = Path.of(java.net.URI.create(s)).toString();
      } catch (IllegalArgumentException notAUri) {
        s = s.replaceFirst("^file:(//)?", "");
      }
    }
    if (s.startsWith(root.toString())) s = s.substring(root.toString().length());
    while (s.startsWith("/")) s = s.substring(1);
    return s;
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    Path p = pathOf(key);
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      if (a.isDirectory()) return Optional.empty();
      return Optional.of(new ObjectInfo(keyOf(key), a.size(), a.lastModifiedTime().toMillis()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<ObjectInfo> listFrom(String fromKey) throws IOException {
    Path from = pathOf(fromKey);
    Path dir = from.getParent();
    String fromName = from.getFileName().toString();
    List<ObjectInfo> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) return out;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s.sorted()::iterator) {
        if (p.getFileName().toString().compareTo(fromName) < 0 || Files.isDirectory(p)) continue;
        if (p.getFileName().toString().startsWith(".tmp-")) continue;
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        out.add(new ObjectInfo(root.relativize(p).toString(), a.size(), a.lastModifiedTime().toMillis()));
      }
    }
    return out;
  }

  @Override
  public InputStream open(String key) throws IOException {
    return Files.newInputStream(pathOf(key));
  }

  @Override
  public byte[] readRange(String key, long position, int length) throws IOException {
    try (FileChannel ch = FileChannel.open(pathOf(key), StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(length);
      while (buf.hasRemaining()) {
        if (ch.read(buf, position + buf.position()) < 0) throw new IOException("short read of " + key);
      }
      return buf.array();
    }
  }

  @Override
  public void putFile(String key, Path source) throws IOException {
    Path target = pathOf(key);
    Files.createDirectories(target.getParent());
    fsync(source);
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Path tmp = writeTemp(target, Files.readAllBytes(source));
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    fsync(target.getParent());
  }

  @Override
  public void put(String key, byte[] bytes) throws IOException {
    Path target = pathOf(key);
    Files.createDirectories(target.getParent());
    Path tmp = writeTemp(target, bytes);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsync(target.getParent());
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) throws IOException {
    Path target = pathOf(key);
    Files.createDirectories(target.getParent());
    Path tmp = writeTemp(target, bytes);
    try {
      // A hard link fails if the target exists: an atomic create-if-absent with complete content.
      Files.createLink(target, tmp);
      fsync(target.getParent());
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public boolean delete(String key) throws IOException {
    return Files.deleteIfExists(pathOf(key));
  }

  private static Path writeTemp(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    }
    return tmp;
  }

  private static void fsync(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (!Files.isDirectory(p)) throw e; // some file systems refuse fsync on directories
    }
  }
}
