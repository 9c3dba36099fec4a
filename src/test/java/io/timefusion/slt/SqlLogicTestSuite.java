package io.timefusion.slt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per {@code slt/*.slt} resource, each run on a fresh connection from {@link
 * #connect()}. Subclasses say which server answers: the PostgreSQL oracle or TimeFusion.
 *
 * <p>Files share the server and may run in any order, so each inserts its own rows under its own
 * project_id and only ever reads that project_id; nothing is deleted (TimeFusion is append-only).
 */
public abstract class SqlLogicTestSuite {
  /** Classpath folder holding the .slt files. */
  public static final String RESOURCE_DIR = "slt";

  /** Opens a new connection to the server under test; the suite closes it after the file. */
  protected abstract Connection connect() throws SQLException;

  /** Whether the server may differ where a record is marked pending (TimeFusion), or must not (PostgreSQL). */
  protected boolean pendingApplies() {
    return true;
  }

  @TestFactory
  Stream<DynamicTest> sqlLogicTests() throws IOException {
    List<Path> files = sltFiles();
    assertFalse(files.isEmpty(), "no .slt files under classpath folder " + RESOURCE_DIR);
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> run(f)));
  }

  private void run(Path file) throws IOException, SQLException {
    SqlLogicTest slt = SqlLogicTest.parse(file);
    List<String> failures;
    try (Connection conn = connect()) {
      conn.setAutoCommit(true);
      failures = slt.run(conn, pendingApplies());
    }
    slt.pendingReports().forEach(System.out::println);
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + slt.recordCount() + " records failed\n\n" + String.join("\n\n", failures));
    }
  }

  /** The .slt files on the test classpath, sorted by name. */
  public static List<Path> sltFiles() throws IOException {
    URL dir = SqlLogicTestSuite.class.getClassLoader().getResource(RESOURCE_DIR);
    if (dir == null) throw new IOException("classpath folder " + RESOURCE_DIR + " not found");
    try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
      return s.filter(p -> p.toString().endsWith(".slt")).sorted().toList();
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }
}
