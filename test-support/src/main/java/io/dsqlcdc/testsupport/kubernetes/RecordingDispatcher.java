package io.dsqlcdc.testsupport.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The mock server's CRUD dispatcher, recording every request on the server side so that requests from any
 * client pointed at the mock (not only the fixture's own) are seen. Expectations set on the server (the
 * {@code responses} map it shares) are answered first, as by the plain mixed dispatcher.
 */
final class RecordingDispatcher extends KubernetesMixedDispatcher {
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  RecordingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
    super(responses);
  }

  @Override
  public MockResponse dispatch(io.fabric8.mockwebserver.http.RecordedRequest request) {
    requests.add(new RecordedRequest(request.getMethod(), request.getPath(), request.getHeader("User-Agent")));
    return super.dispatch(request);
  }

  List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  void clearRequests() {
    requests.clear();
  }
}
