package io.dsqlcdc.operator.status;

/** A condition as this pass sees it, before its lastTransitionTime is settled against the previous one. */
public record ConditionDraft(String type, String status, String reason, String message) {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  public static ConditionDraft isTrue(String type, String reason, String message) {
    return new ConditionDraft(type, TRUE, reason, message);
  }

  public static ConditionDraft isFalse(String type, String reason, String message) {
    return new ConditionDraft(type, FALSE, reason, message);
  }

  public static ConditionDraft unknown(String type, String reason, String message) {
    return new ConditionDraft(type, UNKNOWN, reason, message);
  }
}
