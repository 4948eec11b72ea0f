package io.dsqlcdc.operator.observer;

import io.dsqlcdc.api.DsqlCdcPipeline;
import java.net.URI;
import java.util.Optional;

/**
 * Where a pipeline's runtime serves HTTP. In a cluster that is the pipeline's Service; the sandbox, which runs the
 * runtime as a local process, plugs in its own implementation.
 */
public interface RuntimeAddressResolver {

  /**
   * The base URI of the runtime's HTTP server (e.g. {@code http://orders.cdc.svc:8080} or
   * {@code http://127.0.0.1:41234}), to which {@code /status} is appended; empty when the runtime has no address
   * (yet), which the status reports as RuntimeUnreachable. Called on every observation pass, from reconciler threads.
   */
  Optional<URI> resolve(DsqlCdcPipeline pipeline);
}
