package io.dsqlcdc.operator.rbac;

import io.dsqlcdc.testsupport.kubernetes.RecordedRequest;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the requests of one client (the operator's), so that the RBAC check sees only what the operator did and
 * not what the test itself did through the mock server.
 */
public final class RequestRecorder implements Interceptor {
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    URI uri = request.uri();
    requests.add(new RecordedRequest(request.method(),
        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
  }

  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }
}
