package io.dsqlcdc.capture.diagnose;

/**
 * Reasons of failed diagnose checks that are not connection reasons (those, e.g. Unreachable or PermissionDenied, are
 * {@code io.dsqlcdc.api.status.ConnectionReasons}, as in status).
 */
final class CheckReasons {
  static final String INVALID_SPEC = "InvalidSpec";
  static final String INTERRUPTED = "Interrupted";
  static final String TOPICS_NOT_CREATABLE = "TopicsNotCreatable";
  static final String CREDENTIALS_INVALID = "CredentialsInvalid";
  static final String ROLE_MISMATCH = "RoleMismatch";
  static final String TOKEN_GENERATION_FAILED = "TokenGenerationFailed";
  static final String TABLE_NOT_FOUND = "TableNotFound";
  static final String COLUMN_NOT_FOUND = "ColumnNotFound";
  static final String QUERY_FAILED = "QueryFailed";
  static final String STREAM_NOT_FOUND = "StreamNotFound";
  static final String STREAM_NOT_ACTIVE = "StreamNotActive";
  static final String KINESIS_REQUEST_FAILED = "KinesisRequestFailed";

  private CheckReasons() {
  }
}
