package io.timefusion.sql;

/** One column of a result: its name and PostgreSQL type OID. */
public record ResultColumn(String name, int typeOid) {}
