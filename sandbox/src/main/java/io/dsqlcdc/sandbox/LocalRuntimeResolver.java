package io.dsqlcdc.sandbox;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.operator.observer.RuntimeAddressResolver;
import io.dsqlcdc.operator.reconciler.Dependents;
import io.dsqlcdc.sandbox.pods.LocalPodRunner;
import java.net.URI;
import java.util.Optional;

/** The operator reads a runtime's /status at the local port the pod runner gave the pipeline's pod. */
final class LocalRuntimeResolver implements RuntimeAddressResolver {
  private final LocalPodRunner pods;

  LocalRuntimeResolver(LocalPodRunner pods) {
    this.pods = pods;
  }

  @Override
  public Optional<URI> resolve(DsqlCdcPipeline pipeline) {
    var port = pods.httpPort(pipeline.getMetadata().getNamespace(), Dependents.deploymentName(pipeline));
    return port.isPresent() ? Optional.of(URI.create("http://127.0.0.1:" + port.getAsInt())) : Optional.empty();
  }
}
