package io.timefusion.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tables TimeFusion serves, loaded once from the YAML schemas shipped as resources. */
public final class SchemaRegistry {
  /** The schema resources, in the order tables are created. */
  public static final List<String> RESOURCES =
      List.of("schemas/otel_logs_and_spans.yaml", "schemas/otel_metrics.yaml");

  private final Map<String, TableSchema> tables = new LinkedHashMap<>();

  private SchemaRegistry(List<TableSchema> schemas) {
    for (TableSchema s : schemas) tables.put(s.name(), s);
  }

  public static SchemaRegistry load() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<TableSchema> out = new ArrayList<>();
    for (String r : RESOURCES) {
      try (InputStream in = SchemaRegistry.class.getClassLoader().getResourceAsStream(r)) {
        if (in == null) throw new IllegalStateException("missing schema resource " + r);
        out.add(parse(yaml.readTree(in)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema " + r, e);
      }
    }
    return new SchemaRegistry(out);
  }

  private static TableSchema parse(JsonNode n) {
    List<ColumnDef> cols = new ArrayList<>();
    for (JsonNode c : n.get("columns")) {
      cols.add(
          new ColumnDef(
              c.get("name").asText(),
              ColumnType.fromName(c.get("type").asText()),
              !c.has("nullable") || c.get("nullable").asBoolean(),
              c.has("description") ? c.get("description").asText() : null));
    }
    List<String> parts = new ArrayList<>();
    n.get("partition_by").forEach(p -> parts.add(p.asText()));
    List<String> lookups = new ArrayList<>();
    n.path("lookup_columns").forEach(l -> lookups.add(l.asText()));
    return new TableSchema(
        n.get("name").asText(),
        n.path("description").asText(""),
        cols,
        parts,
        n.path("sort_by").asText("timestamp"),
        lookups);
  }

  public Optional<TableSchema> table(String name) {
    return Optional.ofNullable(tables.get(name.toLowerCase()));
  }

  public Collection<TableSchema> tables() {
    return tables.values();
  }
}
