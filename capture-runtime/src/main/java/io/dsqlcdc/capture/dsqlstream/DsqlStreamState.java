package io.dsqlcdc.capture.dsqlstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * What GetStream answered about a DSQL CDC stream: its status (CREATING, ACTIVE, IMPAIRED, FAILED, DELETING,
 * DELETED), its statusReason.error (null when none), and the Kinesis stream it publishes into
 * (targetDefinition.kinesis.streamArn, null when absent).
 */
public record DsqlStreamState(String arn, String status, String error, String targetStreamArn, String roleArn) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The state in a GetStream response body. */
  public static DsqlStreamState parse(String body) throws IOException {
    JsonNode root = JSON.readTree(body);
    JsonNode kinesis = root.path("targetDefinition").path("kinesis");
    return new DsqlStreamState(text(root.path("arn")), text(root.path("status")),
        text(root.path("statusReason").path("error")), text(kinesis.path("streamArn")), text(kinesis.path("roleArn")));
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
