package io.dsqlcdc.operator.reconciler;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;

/** The runtime's config file, mounted into the pod at {@value Dependents#CONFIG_DIR}. */
public final class DesiredConfigMap {
  private DesiredConfigMap() {
  }

  public static ConfigMap of(DsqlCdcPipeline p, String renderedConfig) {
    return new ConfigMapBuilder()
        .withMetadata(Dependents.metadata(p, Dependents.configMapName(p), Map.of()))
        .withData(Map.of(Dependents.CONFIG_FILE, renderedConfig))
        .build();
  }
}
