package io.dsqlcdc.testsupport.kubernetes;

/**
 * One request the mock API server received, as an RBAC check needs it.
 *
 * @param verb the HTTP method (GET, POST, PUT, PATCH, DELETE)
 * @param path the request path with its query string, e.g. {@code /api/v1/namespaces/ns/pods?watch=true}
 * @param userAgent the client's User-Agent header (tells apart clients sharing one mock server); empty when absent
 */
public record RecordedRequest(String verb, String path, String userAgent) {

  public RecordedRequest {
    userAgent = userAgent == null ? "" : userAgent;
  }

  /** A request from an unnamed client. */
  public RecordedRequest(String verb, String path) {
    this(verb, path, "");
  }

  /** The path without its query string. */
  public String resourcePath() {
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /** True for a watch (a GET with {@code watch=true}), which RBAC grants separately from list. */
  public boolean isWatch() {
    return "GET".equals(verb) && path.matches(".*[?&]watch=(true|1)(&.*)?$");
  }

  /** True for a request that changes state (anything but GET). */
  public boolean isWrite() {
    return !"GET".equals(verb);
  }
}
