package io.dsqlcdc.bench.report;

import java.util.EnumMap;
import java.util.Map;

/**
 * One line of the results table: a scenario's metric, the figure of each subject that ran it, and the target the
 * runtime's figure is held against (reported, never asserted).
 *
 * @param verdict true when the target is met, false when missed, null when it cannot be judged (a figure is missing)
 */
public record ResultRow(String scenario, String metric, String unit, Map<Subject, Double> figures, String target,
                        Boolean verdict, String note) {

  public ResultRow {
    figures = figures.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(figures));
  }

  public Double figure(Subject subject) {
    return figures.get(subject);
  }
}
