package io.timefusion.catalog;

/** One column of a table schema. */
public record ColumnDef(String name, ColumnType type, boolean nullable, String description) {}
