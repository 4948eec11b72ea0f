package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** One captured table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableSpec(
    @Required @Pattern(NAME_PATTERN)
    @JsonPropertyDescription("schema.table; the schema defaults to public.")
    String name,
    @Pattern(SourceSpec.IDENTIFIER_PATTERN)
    @JsonPropertyDescription("Column that moves forward on every insert and update (e.g. updated_at set from now()). "
        + "Required in poll mode; stream mode (source.changeStream) does not use it.")
    String cursor,
    @Size(min = 1, max = 32)
    @JsonPropertyDescription("Key columns; default: the table's primary key.")
    List<@Pattern(SourceSpec.IDENTIFIER_PATTERN) String> key,
    @JsonPropertyDescription("A column whose non-null value marks the row deleted: emitted as op d plus a tombstone. "
        + "Poll mode only.")
    SoftDeleteSpec softDelete,
    @JsonPropertyDescription("Rows removed with DELETE, found by a key-range digest scan: emitted as op d plus a tombstone. "
        + "Poll mode only (the change stream carries deletes).")
    HardDeleteSpec hardDeletes) {

  public static final String NAME_PATTERN =
      "^([A-Za-z_][A-Za-z0-9_$]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_$]{0,62}$";
  public static final String DEFAULT_SCHEMA = "public";

  public TableSpec {
    key = key == null ? null : List.copyOf(key);
  }

  public TableSpec(String name, String cursor) {
    this(name, cursor, null, null, null);
  }

  public TableSpec(String name, String cursor, List<String> key, SoftDeleteSpec softDelete) {
    this(name, cursor, key, softDelete, null);
  }

  /** Hard deletes are scanned for. */
  @JsonIgnore
  public boolean hardDeletesEnabled() {
    return hardDeletes != null && hardDeletes.enabled();
  }

  @JsonIgnore
  public String schema() {
    int dot = name.indexOf('.');
    return dot < 0 ? DEFAULT_SCHEMA : name.substring(0, dot);
  }

  @JsonIgnore
  public String table() {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }

  /** The name with its schema, as topics and status show it. */
  @JsonIgnore
  public String qualifiedName() {
    return schema() + "." + table();
  }
}
