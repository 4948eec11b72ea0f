package io.dsqlcdc.operator.reconciler;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.spec.PipelineState;
import io.dsqlcdc.api.spec.RuntimeSpec;
import io.dsqlcdc.operator.secrets.SecretReference;
import io.dsqlcdc.operator.secrets.SecretReferences;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The capture runtime's Deployment: one pod (a single writer per pipeline, so Recreate), zero when stopped. Its pod
 * template carries hashes of everything the pod reads at start, so that any change to them rolls the pod. The state
 * stores live on the state volume: an emptyDir (kept across container restarts), or the pipeline's
 * PersistentVolumeClaim when spec.runtime.stateVolume asks for one.
 */
public final class DesiredDeployment {
  public static final String CONFIG_HASH_ANNOTATION = "dsqlcdc.io/config-hash";
  public static final String SECRETS_HASH_ANNOTATION = "dsqlcdc.io/secrets-hash";
  public static final String ROLE_ARN_HASH_ANNOTATION = "dsqlcdc.io/role-arn-hash";
  public static final String CONTAINER_NAME = "capture";
  public static final String HTTP_PORT_NAME = "http";
  static final long RUNTIME_UID = 10001L;
  private static final String CONFIG_VOLUME = "config";
  private static final String TMP_VOLUME = "tmp";
  private static final String STATE_VOLUME = "state";

  /**
   * @param renderedConfig the ConfigMap's config file text
   * @param secretsDigest digest of the referenced Secret values
   * @param defaultImage runtime image when the spec names none
   */
  public record Inputs(String renderedConfig, String secretsDigest, String defaultImage) {
  }

  private DesiredDeployment() {
  }

  public static int httpPort(DsqlCdcPipeline p) {
    RuntimeSpec runtime = p.getSpec().runtime();
    return runtime == null ? RuntimeSpec.DEFAULT_HTTP_PORT : runtime.httpPort();
  }

  public static Deployment of(DsqlCdcPipeline p, Inputs inputs) {
    RuntimeSpec runtime = p.getSpec().runtime() == null ? RuntimeSpec.defaults() : p.getSpec().runtime();
    int port = runtime.httpPort();
    String roleArn = p.getSpec().source().auth().roleArn();

    Map<String, String> podAnnotations = new LinkedHashMap<>(new TreeMap<>(runtime.podAnnotations()));
    podAnnotations.put(CONFIG_HASH_ANNOTATION, Hashes.of(inputs.renderedConfig()));
    podAnnotations.put(SECRETS_HASH_ANNOTATION, inputs.secretsDigest());
    podAnnotations.put(ROLE_ARN_HASH_ANNOTATION, Hashes.of(roleArn == null ? "" : roleArn));

    List<EnvVar> env = new ArrayList<>(secretEnv(p));
    if (runtime.jvmOptions() != null && !runtime.jvmOptions().isBlank()) {
      env.add(new EnvVarBuilder().withName("JAVA_TOOL_OPTIONS").withValue(runtime.jvmOptions()).build());
    }

    return new DeploymentBuilder()
        .withMetadata(Dependents.metadata(p, Dependents.deploymentName(p), Map.of()))
        .withNewSpec()
        .withReplicas(p.getSpec().state() == PipelineState.STOPPED ? 0 : 1)
        .withNewStrategy().withType("Recreate").endStrategy()
        .withNewSelector().withMatchLabels(Dependents.selectorLabels(p)).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(Dependents.labels(p)).withAnnotations(podAnnotations).endMetadata()
        .withNewSpec()
        .withServiceAccountName(DesiredServiceAccount.accountName(p))
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(RUNTIME_UID)
        .withRunAsGroup(RUNTIME_UID)
        .withFsGroup(RUNTIME_UID)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .withContainers(new ContainerBuilder()
            .withName(CONTAINER_NAME)
            .withImage(runtime.image() == null ? inputs.defaultImage() : runtime.image())
            .withImagePullPolicy("IfNotPresent")
            .withArgs("run", "--config", Dependents.CONFIG_DIR + "/" + Dependents.CONFIG_FILE,
                "--http-port", Integer.toString(port), "--state-dir", Dependents.STATE_DIR)
            .withEnv(env)
            .addNewPort().withName(HTTP_PORT_NAME).withContainerPort(port).withProtocol("TCP").endPort()
            .withLivenessProbe(probe("/healthz", 6))
            .withReadinessProbe(probe("/readyz", 3))
            .withResources(runtime.resources() == null ? new ResourceRequirements() : runtime.resources())
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withReadOnlyRootFilesystem(true)
            .withAllowPrivilegeEscalation(false)
            .withPrivileged(false)
            .withNewCapabilities().withDrop("ALL").endCapabilities()
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
            .endSecurityContext()
            .addNewVolumeMount().withName(CONFIG_VOLUME).withMountPath(Dependents.CONFIG_DIR).withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount().withName(TMP_VOLUME).withMountPath("/tmp").endVolumeMount()
            .addNewVolumeMount().withName(STATE_VOLUME).withMountPath(Dependents.STATE_DIR).endVolumeMount()
            .build())
        .addNewVolume().withName(CONFIG_VOLUME)
        .withNewConfigMap().withName(Dependents.configMapName(p)).endConfigMap()
        .endVolume()
        .addNewVolume().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
        .addToVolumes(stateVolume(p, runtime))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Volume stateVolume(DsqlCdcPipeline p, RuntimeSpec runtime) {
    VolumeBuilder volume = new VolumeBuilder().withName(STATE_VOLUME);
    return runtime.stateVolume() == null ? volume.withNewEmptyDir().endEmptyDir().build()
        : volume.withNewPersistentVolumeClaim().withClaimName(Dependents.stateClaimName(p)).endPersistentVolumeClaim()
            .build();
  }

  /** One variable per referenced Secret key, filled by the kubelet: the values never pass through the operator. */
  private static List<EnvVar> secretEnv(DsqlCdcPipeline p) {
    Set<String> seen = new LinkedHashSet<>();
    List<EnvVar> env = new ArrayList<>();
    for (SecretReference r : SecretReferences.of(p.getSpec())) {
      if (seen.add(r.ref().envVarName())) {
        env.add(new EnvVarBuilder()
            .withName(r.ref().envVarName())
            .withNewValueFrom().withNewSecretKeyRef(r.ref().key(), r.ref().name(), false).endValueFrom()
            .build());
      }
    }
    return env;
  }

  private static Probe probe(String path, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath(path).withPort(new IntOrString(HTTP_PORT_NAME)).endHttpGet()
        .withPeriodSeconds(10)
        .withTimeoutSeconds(3)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
