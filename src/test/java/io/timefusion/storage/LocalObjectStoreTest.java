package io.timefusion.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends ObjectStoreContract {
  @TempDir Path root;

  @Override
  ObjectStore store() {
    try {
      return new LocalObjectStore(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
