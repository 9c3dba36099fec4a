package io.timefusion.query;

import io.timefusion.delta.DataFile;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which data files of a table a query can need: the projects it names, the time range it reads
 * (bounds inclusive, in microseconds; null = unbounded), and the values it looks up in lookup
 * columns (per column, a row must equal one of its values; every column must match). A file is
 * kept unless its partition values or statistics ({@link #keeps}) or its lookup sidecar
 * ({@link LookupIndex}) prove that no row of it can match. Filters of several references to one
 * table combine with {@link #union}.
 */
public record FileFilter(
    Set<String> projects,
    Long minMicros,
    Long maxMicros,
    LocalDate minDate,
    LocalDate maxDate,
    Map<String, Set<String>> lookups) {
  /** Keeps every file. */
  public static final FileFilter ALL = new FileFilter(null, null, null, null, null);

  /** Keeps no file: enough to learn a query's parameter and result types without reading data. */
  public static final FileFilter NONE = new FileFilter(Set.of(), null, null, null, null);

  public FileFilter {
    projects = projects == null ? null : Set.copyOf(projects);
    Map<String, Set<String>> l = new TreeMap<>();
    if (lookups != null) lookups.forEach((c, v) -> l.put(c, Collections.unmodifiableSet(new TreeSet<>(v))));
    lookups = Collections.unmodifiableMap(l);
  }

  /** A filter without lookup values. */
  public FileFilter(Set<String> projects, Long minMicros, Long maxMicros, LocalDate minDate, LocalDate maxDate) {
    this(projects, minMicros, maxMicros, minDate, maxDate, Map.of());
  }

  /** A filter keeping only the files that may hold a row whose {@code column} is one of {@code values}. */
  public static FileFilter lookup(String column, Set<String> values) {
    return new FileFilter(null, null, null, null, null, Map.of(column, values));
  }

  public boolean keepsAll() {
    return equals(ALL);
  }

  public boolean keeps(DataFile f) {
    if (projects != null && projects.isEmpty()) return false;
    if (projects != null) {
      String p = f.partitionValues().get("project_id");
      if (p != null && !projects.contains(p)) return false;
    }
    String d = f.partitionValues().get("date");
    if (d != null && (minDate != null || maxDate != null)) {
      LocalDate date = LocalDate.parse(d);
      if (minDate != null && date.isBefore(minDate)) return false;
      if (maxDate != null && date.isAfter(maxDate)) return false;
    }
    if (minMicros != null && f.maxTimestampMicros() != null && f.maxTimestampMicros() < minMicros) return false;
    if (maxMicros != null && f.minTimestampMicros() != null && f.minTimestampMicros() > maxMicros) return false;
    return true;
  }

  /** A filter keeping every file either keeps. */
  public FileFilter union(FileFilter o) {
    Set<String> p = null;
    if (projects != null && o.projects != null) {
      p = new HashSet<>(projects);
      p.addAll(o.projects);
    }
    // a column bounds the union only where both bound it: then by either's values
    Map<String, Set<String>> l = new TreeMap<>();
    for (Map.Entry<String, Set<String>> e : lookups.entrySet()) {
      Set<String> other = o.lookups.get(e.getKey());
      if (other == null) continue;
      Set<String> both = new TreeSet<>(e.getValue());
      both.addAll(other);
      l.put(e.getKey(), both);
    }
    return new FileFilter(
        p,
        bothOr(minMicros, o.minMicros, Math::min),
        bothOr(maxMicros, o.maxMicros, Math::max),
        bothOr(minDate, o.minDate, FileFilter::earlier),
        bothOr(maxDate, o.maxDate, FileFilter::later),
        l);
  }

  /** A filter keeping only files both keep (two predicates on one reference). */
  public FileFilter intersect(FileFilter o) {
    Set<String> p = projects;
    if (p == null) {
      p = o.projects;
    } else if (o.projects != null) {
      p = new HashSet<>(projects);
      p.retainAll(o.projects);
    }
    // a column bounded by both: a row must equal a value of each
    Map<String, Set<String>> l = new TreeMap<>(lookups);
    for (Map.Entry<String, Set<String>> e : o.lookups.entrySet()) {
      Set<String> mine = l.get(e.getKey());
      if (mine == null) {
        l.put(e.getKey(), e.getValue());
      } else {
        Set<String> both = new TreeSet<>(mine);
        both.retainAll(e.getValue());
        l.put(e.getKey(), both);
      }
    }
    return new FileFilter(
        p,
        eitherOr(minMicros, o.minMicros, Math::max),
        eitherOr(maxMicros, o.maxMicros, Math::min),
        eitherOr(minDate, o.minDate, FileFilter::later),
        eitherOr(maxDate, o.maxDate, FileFilter::earlier),
        l);
  }

  /** Bounded only where both are (a union of ranges). */
  private static <T> T bothOr(T a, T b, java.util.function.BinaryOperator<T> pick) {
    return a == null || b == null ? null : pick.apply(a, b);
  }

  /** Bounded where either is (an intersection of ranges). */
  private static <T> T eitherOr(T a, T b, java.util.function.BinaryOperator<T> pick) {
    if (a == null) return b;
    if (b == null) return a;
    return pick.apply(a, b);
  }

  private static LocalDate earlier(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }

  private static LocalDate later(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  /** How the filter reads in EXPLAIN output. */
  public String describe() {
    if (keepsAll()) return "no pruning predicate";
    StringBuilder s = new StringBuilder();
    if (projects != null) s.append("project_id IN ").append(new TreeSet<>(projects));
    if (minMicros != null || maxMicros != null) {
      if (!s.isEmpty()) s.append(", ");
      s.append("timestamp [").append(minMicros == null ? "-inf" : instant(minMicros)).append(", ")
          .append(maxMicros == null ? "+inf" : instant(maxMicros)).append("]");
    }
    if (minDate != null || maxDate != null) {
      if (!s.isEmpty()) s.append(", ");
      s.append("date [").append(minDate == null ? "-inf" : minDate).append(", ").append(maxDate == null ? "+inf" : maxDate).append("]");
    }
    for (Map.Entry<String, Set<String>> e : lookups.entrySet()) {
      if (!s.isEmpty()) s.append(", ");
      List<String> values = List.copyOf(e.getValue());
      s.append(e.getKey()).append(" IN ");
      if (values.size() <= 3) s.append(values);
      else s.append(values.subList(0, 3).toString().replace("]", ", ... " + values.size() + " values]"));
    }
    return s.toString();
  }

  private static String instant(long micros) {
    return java.time.Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L).toString();
  }
}
