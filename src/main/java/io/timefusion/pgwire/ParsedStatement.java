package io.timefusion.pgwire;

import io.timefusion.sql.PreparedQuery;

/** A statement the client parsed (named or not); {@code query} is null for an empty one. */
record ParsedStatement(String name, String sql, PreparedQuery query, int[] paramOids) {}
