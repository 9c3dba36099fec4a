package io.timefusion.query;

import io.timefusion.catalog.TableSchema;
import io.timefusion.delta.DeltaSnapshot;
import java.util.List;

/**
 * What a query reads for one table: a Delta version plus the buffer tables holding the rows that
 * version does not contain yet. Immutable; a new one is published on every change.
 */
public record TableView(TableSchema schema, DeltaSnapshot delta, List<String> bufferTables, long id) {}
