package io.dsqlcdc.operator.reconciler;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names, labels and metadata shared by the objects a pipeline owns. */
public final class Dependents {
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "dsql-cdc-operator";
  /** Label selector matching every object the operator creates. */
  public static final String SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY;
  public static final String NAME_LABEL = "app.kubernetes.io/name";
  public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
  public static final String RUNTIME_NAME = "dsql-cdc-runtime";
  public static final String CONFIG_FILE = "pipeline.yaml";
  public static final String CONFIG_DIR = "/etc/dsqlcdc";
  /** Where the runtime keeps its state stores, passed as --state-dir: the state volume's mount path. */
  public static final String STATE_DIR = "/var/lib/dsqlcdc/state";

  private Dependents() {
  }

  public static String deploymentName(DsqlCdcPipeline p) {
    return p.getMetadata().getName();
  }

  public static String serviceName(DsqlCdcPipeline p) {
    return p.getMetadata().getName();
  }

  public static String configMapName(DsqlCdcPipeline p) {
    return p.getMetadata().getName() + "-config";
  }

  /** The claim of the runtime's state volume, when spec.runtime.stateVolume asks for one. */
  public static String stateClaimName(DsqlCdcPipeline p) {
    return p.getMetadata().getName() + "-state";
  }

  /** The ServiceAccount the operator creates when the spec names none of its own. */
  public static String ownServiceAccountName(DsqlCdcPipeline p) {
    return p.getMetadata().getName();
  }

  /** Labels that select the pipeline's pods (and never change, since a Deployment's selector cannot). */
  public static Map<String, String> selectorLabels(DsqlCdcPipeline p) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME_LABEL, RUNTIME_NAME);
    labels.put(INSTANCE_LABEL, p.getMetadata().getName());
    return labels;
  }

  public static Map<String, String> labels(DsqlCdcPipeline p) {
    Map<String, String> labels = selectorLabels(p);
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    return labels;
  }

  /** Metadata of an owned object: the pipeline's namespace, the standard labels, a controller owner reference. */
  public static ObjectMeta metadata(DsqlCdcPipeline p, String name, Map<String, String> annotations) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(p.getMetadata().getNamespace())
        .withLabels(labels(p))
        .withAnnotations(annotations.isEmpty() ? null : new LinkedHashMap<>(annotations))
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(DsqlCdcPipeline.API_VERSION)
            .withKind(p.getKind())
            .withName(p.getMetadata().getName())
            .withUid(p.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build())
        .build();
  }
}
