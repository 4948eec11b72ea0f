package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;
import java.util.Optional;

/**
 * Stream mode: the tables' changes come from the Kinesis data stream DSQL publishes its change stream (CDC stream)
 * to, instead of from polling. Credentials are the pod's AWS identity (IRSA, EKS Pod Identity, the default chain), as
 * for DSQL IAM auth; a resource never holds static keys.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.kinesisStreamArn) || self.kinesisStreamArn.matches('" + ChangeStreamSpec.STREAM_ARN_PATTERN + "')",
    message = ChangeStreamSpec.STREAM_ARN_MESSAGE)
@ValidationRule(value = "!has(self.region) || !has(self.kinesisStreamArn) || !self.kinesisStreamArn.matches('"
    + ChangeStreamSpec.STREAM_ARN_PATTERN + "') || self.kinesisStreamArn.contains(':kinesis:' + self.region + ':')",
    message = ChangeStreamSpec.REGION_MESSAGE)
@ValidationRule(value = "!has(self.dsqlStreamArn) || self.dsqlStreamArn.matches('" + ChangeStreamSpec.DSQL_STREAM_ARN_PATTERN
    + "')", message = ChangeStreamSpec.DSQL_STREAM_ARN_MESSAGE)
@ValidationRule(value = "!has(self.graceWindow) || duration(self.graceWindow) <= duration('" + ChangeStreamSpec.MAX_GRACE_WINDOW + "')",
    message = "changeStream.graceWindow must be at most " + ChangeStreamSpec.MAX_GRACE_WINDOW)
@ValidationRule(value = "!has(self.fragmentTimeout) || (duration(self.fragmentTimeout) >= duration('"
    + ChangeStreamSpec.MIN_FRAGMENT_TIMEOUT + "') && duration(self.fragmentTimeout) <= duration('"
    + ChangeStreamSpec.MAX_FRAGMENT_TIMEOUT + "'))",
    message = "changeStream.fragmentTimeout must be between " + ChangeStreamSpec.MIN_FRAGMENT_TIMEOUT + " and "
        + ChangeStreamSpec.MAX_FRAGMENT_TIMEOUT)
public record ChangeStreamSpec(
    @Required @Size(max = 2048)
    @JsonPropertyDescription("ARN of the Kinesis data stream the DSQL cluster's CDC stream writes to: "
        + "arn:aws:kinesis:<region>:<account>:stream/<name>.")
    String kinesisStreamArn,
    @Pattern(SourceSpec.REGION_PATTERN)
    @JsonPropertyDescription("AWS region of the Kinesis stream: the region in kinesisStreamArn, the default; "
        + "another region is refused.")
    String region,
    @Pattern(ENDPOINT_PATTERN)
    @JsonPropertyDescription("URL that replaces the Kinesis endpoint, e.g. a VPC interface endpoint "
        + "(https://vpce-....kinesis.<region>.vpce.amazonaws.com). Default: the region's public endpoint.")
    String endpoint,
    @JsonPropertyDescription("Where shards without a checkpoint start (with capture.snapshot never, and on the first "
        + "start): latest (default), new records only; trimHorizon, the oldest record the stream retains.")
    StartPosition startPosition,
    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("How long a record is held so that versions of a key arriving out of order across "
        + "shards are emitted in commit order. Default 2s, at most 60s.")
    String graceWindow,
    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("How long the fragments of an oversized record may take to arrive before the record is "
        + "reported missing. Default 60s, 1s to 1h.")
    String fragmentTimeout,
    @Size(max = 2048)
    @JsonPropertyDescription("ARN of the DSQL CDC stream that publishes into kinesisStreamArn: "
        + "arn:aws:dsql:<region>:<account>:cluster/<cluster id>/stream/<stream id>, in the Kinesis stream's region. "
        + "When set, the runtime reads the stream's own status (dsql:GetStream) every 60s and reports a failed or "
        + "impaired stream in status.stream; without it a failed DSQL stream looks like an idle database.")
    String dsqlStreamArn,
    @Pattern(ENDPOINT_PATTERN)
    @JsonPropertyDescription("URL that replaces the DSQL control-plane endpoint for GetStream, e.g. a VPC interface "
        + "endpoint. Default: https://dsql.<region>.api.aws.")
    String dsqlEndpoint) {

  public static final String STREAM_ARN_PATTERN =
      "^arn:aws[a-z-]*:kinesis:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:stream/[A-Za-z0-9_.-]{1,128}$";
  static final String STREAM_ARN_MESSAGE =
      "changeStream.kinesisStreamArn must be a Kinesis stream ARN: arn:aws:kinesis:<region>:<account>:stream/<name>";
  /** Kinesis serves a stream in its own region only, and the client signs its requests for this region. */
  static final String REGION_MESSAGE = "changeStream.region must be the region in kinesisStreamArn "
      + "(arn:aws:kinesis:<region>:<account>:stream/<name>): Kinesis serves a stream only in its own region; "
      + "leave region out to use the ARN's";
  public static final String DSQL_STREAM_ARN_PATTERN =
      "^arn:aws[a-z-]*:dsql:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:cluster/[a-z0-9]{26}/stream/[a-z0-9]{26}$";
  static final String DSQL_STREAM_ARN_MESSAGE = "changeStream.dsqlStreamArn must be a DSQL stream ARN: "
      + "arn:aws:dsql:<region>:<account>:cluster/<cluster id>/stream/<stream id>";
  public static final String ENDPOINT_PATTERN = "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\\s]*)?$";
  public static final String DEFAULT_GRACE_WINDOW = "2s";
  public static final String MAX_GRACE_WINDOW = "60s";
  public static final String DEFAULT_FRAGMENT_TIMEOUT = "60s";
  public static final String MIN_FRAGMENT_TIMEOUT = "1s";
  public static final String MAX_FRAGMENT_TIMEOUT = "1h";
  private static final String STREAM_RESOURCE = ":stream/";
  private static final java.util.regex.Pattern ARN = java.util.regex.Pattern.compile(STREAM_ARN_PATTERN);
  private static final java.util.regex.Pattern DSQL_ARN = java.util.regex.Pattern.compile(DSQL_STREAM_ARN_PATTERN);

  public ChangeStreamSpec {
    region = region == null ? regionOf(kinesisStreamArn).orElse(null) : region;
    startPosition = startPosition == null ? StartPosition.LATEST : startPosition;
    graceWindow = graceWindow == null ? DEFAULT_GRACE_WINDOW : graceWindow;
    fragmentTimeout = fragmentTimeout == null ? DEFAULT_FRAGMENT_TIMEOUT : fragmentTimeout;
  }

  /** A stream read in its ARN's region from its public endpoint, new records only, default windows. */
  public static ChangeStreamSpec of(String kinesisStreamArn) {
    return new ChangeStreamSpec(kinesisStreamArn, null, null, null, null, null, null, null);
  }

  /** Whether {@code arn} is a Kinesis stream ARN. */
  public static boolean isStreamArn(String arn) {
    return arn != null && ARN.matcher(arn).matches();
  }

  /** The region field of a Kinesis stream ARN, or empty when {@code arn} is not one. */
  public static Optional<String> regionOf(String arn) {
    return isStreamArn(arn) ? Optional.of(arn.split(":", 6)[3]) : Optional.empty();
  }

  /** Whether {@code arn} is a DSQL CDC stream ARN. */
  public static boolean isDsqlStreamArn(String arn) {
    return arn != null && DSQL_ARN.matcher(arn).matches();
  }

  /** The region field of a DSQL stream ARN, or empty when {@code arn} is not one. */
  public static Optional<String> dsqlRegionOf(String arn) {
    return isDsqlStreamArn(arn) ? Optional.of(arn.split(":", 6)[3]) : Optional.empty();
  }

  /** The stream's name: the part of the ARN after {@code stream/}. */
  @JsonIgnore
  public String streamName() {
    if (!isStreamArn(kinesisStreamArn)) {
      throw new IllegalStateException("'" + kinesisStreamArn + "' is not a Kinesis stream ARN");
    }
    return kinesisStreamArn.substring(kinesisStreamArn.indexOf(STREAM_RESOURCE) + STREAM_RESOURCE.length());
  }

  @JsonIgnore
  public Duration graceWindowDuration() {
    return Durations.parse(graceWindow);
  }

  @JsonIgnore
  public Duration fragmentTimeoutDuration() {
    return Durations.parse(fragmentTimeout);
  }
}
