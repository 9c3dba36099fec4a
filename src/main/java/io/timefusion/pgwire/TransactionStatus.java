package io.timefusion.pgwire;

import io.timefusion.sql.StatementSplitter;
import java.util.Locale;

/**
 * The transaction status ReadyForQuery reports, followed from the command tags the SQL layer
 * returns (the engine itself runs BEGIN and COMMIT).
 */
enum TransactionStatus {
  IDLE('I'),
  IN_BLOCK('T'),
  FAILED('E');

  final char indicator;

  TransactionStatus(char indicator) {
    this.indicator = indicator;
  }

  /** The status after {@code sql} completed with {@code tag}. */
  TransactionStatus afterSuccess(String tag, String sql) {
    String t = tag.toUpperCase(Locale.ROOT);
    if (t.equals("BEGIN") || t.equals("START TRANSACTION")) {
      return IN_BLOCK;
    }
    if (t.equals("COMMIT") || t.equals("END") || t.equals("ABORT") || t.equals("PREPARE TRANSACTION")) {
      return IDLE;
    }
    if (t.equals("ROLLBACK")) {
      return isRollbackToSavepoint(sql) ? IN_BLOCK : IDLE;
    }
    return this;
  }

  /** The status after a statement failed: a failed transaction block stays failed until its end. */
  TransactionStatus afterError() {
    return this == IDLE ? IDLE : FAILED;
  }

  /** True for the statements a failed transaction block still accepts. */
  static boolean endsTransaction(String sql) {
    String first = word(sql, 0);
    return first.equals("COMMIT") || first.equals("END") || first.equals("ROLLBACK") || first.equals("ABORT");
  }

  private static boolean isRollbackToSavepoint(String sql) {
    if (!word(sql, 0).equals("ROLLBACK")) {
      return false;
    }
    String second = word(sql, 1);
    return second.equals("TO") || ((second.equals("WORK") || second.equals("TRANSACTION")) && word(sql, 2).equals("TO"));
  }

  /** The {@code index}-th keyword of the statement, upper-cased; "" when there is none. */
  private static String word(String sql, int index) {
    int i = StatementSplitter.firstCodeIndex(sql);
    for (int w = 0; ; w++) {
      while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
        i++;
      }
      if (start == i) {
        return "";
      }
      if (w == index) {
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
      }
    }
  }
}
