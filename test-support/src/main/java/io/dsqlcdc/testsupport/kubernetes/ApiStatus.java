package io.dsqlcdc.testsupport.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsqlcdc.api.validation.CrdValidation.FieldError;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;

/** A request the API server refuses, answered with a {@code Status} as a real API server words it. */
final class ApiStatus extends RuntimeException {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final int code;
  private final ObjectNode status;

  private ApiStatus(int code, String reason, String message, ObjectNode details) {
    super(message);
    this.code = code;
    this.status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason);
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", code);
  }

  static ApiStatus notFound(ResourcePath path) {
    return new ApiStatus(404, "NotFound", path.qualifiedResource() + " \"" + path.name() + "\" not found",
        details(path, path.plural()));
  }

  static ApiStatus notFound(String what) {
    return new ApiStatus(404, "NotFound", "the server could not find the requested resource" + what, null);
  }

  static ApiStatus invalid(ResourcePath path, String kind, String name, List<FieldError> errors) {
    ObjectNode details = details(path, kind).put("name", name);
    ArrayNode causes = details.putArray("causes");
    errors.forEach(e -> causes.addObject().put("reason", e.kind().reason()).put("message", e.detail())
        .put("field", e.field()));
    return new ApiStatus(422, "Invalid", kind + "." + path.group() + " \"" + name + "\" is invalid: "
        + io.dsqlcdc.api.validation.CrdValidation.describe(errors), details);
  }

  static ApiStatus unsupportedMediaType(String accepted) {
    return new ApiStatus(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted "
        + "media types include: " + accepted, null);
  }

  static ApiStatus unprocessable(String message) {
    return new ApiStatus(422, "Invalid", message, null);
  }

  static ApiStatus badRequest(String message) {
    return new ApiStatus(400, "BadRequest", message, null);
  }

  private static ObjectNode details(ResourcePath path, String kind) {
    ObjectNode details = JSON.createObjectNode();
    if (path.name() != null) {
      details.put("name", path.name());
    }
    return details.put("group", path.group()).put("kind", kind);
  }

  MockResponse response() {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(status.toString());
  }
}
