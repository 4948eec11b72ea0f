package io.dsqlcdc.capture.event;

import io.dsqlcdc.capture.source.ColumnSchema;

/** How one column becomes an event field: its Connect schema and how its value is read. */
public record ColumnMapping(ColumnSchema column, ConnectSchema schema, ValueReader reader) {
}
