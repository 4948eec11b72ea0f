package io.dsqlcdc.operator.observer;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.operator.reconciler.DesiredDeployment;
import io.dsqlcdc.operator.reconciler.Dependents;
import java.net.URI;
import java.util.Optional;

/** In a cluster: the pipeline's Service by its DNS name, {@code http://<service>.<namespace>.svc:<port>}. */
public final class ServiceDnsResolver implements RuntimeAddressResolver {

  @Override
  public Optional<URI> resolve(DsqlCdcPipeline pipeline) {
    return Optional.of(URI.create("http://" + Dependents.serviceName(pipeline) + "."
        + pipeline.getMetadata().getNamespace() + ".svc:" + DesiredDeployment.httpPort(pipeline)));
  }
}
