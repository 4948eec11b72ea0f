package io.dsqlcdc.operator.reconciler;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;

/** The runtime's HTTP endpoint (/healthz, /readyz, /status, /metrics), through which the operator reads status. */
public final class DesiredService {
  private DesiredService() {
  }

  public static Service of(DsqlCdcPipeline p) {
    return new ServiceBuilder()
        .withMetadata(Dependents.metadata(p, Dependents.serviceName(p), Map.of()))
        .withNewSpec()
        .withType("ClusterIP")
        // the runtime's pod turns unready when it loses DSQL or Kafka; the operator must still read its /status
        // to say why, so the Service keeps the address of a pod that is not ready
        .withPublishNotReadyAddresses(true)
        .withSelector(Dependents.selectorLabels(p))
        .addNewPort()
        .withName(DesiredDeployment.HTTP_PORT_NAME)
        .withProtocol("TCP")
        .withPort(DesiredDeployment.httpPort(p))
        .withTargetPort(new IntOrString(DesiredDeployment.HTTP_PORT_NAME))
        .endPort()
        .endSpec()
        .build();
  }
}
