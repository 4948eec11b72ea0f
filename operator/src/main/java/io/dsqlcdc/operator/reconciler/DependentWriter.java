package io.dsqlcdc.operator.reconciler;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Creates or updates one owned object. The desired object's hash goes into an annotation, so an object that already
 * matches is left alone without comparing fields the API server defaults. Updates carry the stored resourceVersion
 * (optimistic locking) and keep labels and annotations that others added.
 */
public final class DependentWriter {
  public static final String DESIRED_HASH_ANNOTATION = "dsqlcdc.io/desired-hash";
  private static final String OWN_ANNOTATION_PREFIX = "dsqlcdc.io/";

  public enum Outcome { CREATED, UPDATED, UNCHANGED, DELETED }

  public record Written<R extends HasMetadata>(R resource, Outcome outcome) {
  }

  private final KubernetesClient client;

  public DependentWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @param existing the object as the informer cache has it, if any
   * @param eventSource the informer the object is watched by; told of our own writes so they trigger nothing
   */
  public <R extends HasMetadata> Written<R> apply(DsqlCdcPipeline owner, R desired, Optional<R> existing,
      InformerEventSource<R, DsqlCdcPipeline> eventSource) {
    String hash = Hashes.of(client.getKubernetesSerialization().asJson(desired));
    Map<String, String> annotations = new LinkedHashMap<>(Optional.ofNullable(desired.getMetadata().getAnnotations())
        .orElse(Map.of()));
    annotations.put(DESIRED_HASH_ANNOTATION, hash);
    desired.getMetadata().setAnnotations(annotations);
    ResourceID primary = ResourceID.fromResource(owner);

    if (existing.isPresent()) {
      R current = existing.get();
      if (hash.equals(annotation(current, DESIRED_HASH_ANNOTATION))) {
        return new Written<>(current, Outcome.UNCHANGED);
      }
      R updated = client.resource(mergedForUpdate(desired, current)).update();
      eventSource.handleRecentResourceUpdate(primary, updated, current);
      return new Written<>(updated, Outcome.UPDATED);
    }
    try {
      R created = client.resource(desired).create();
      eventSource.handleRecentResourceCreate(primary, created);
      return new Written<>(created, Outcome.CREATED);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // the object exists but the cache has not seen it yet (or it is someone else's)
      R live = client.resource(desired).get();
      if (live == null || !ownedBy(live, owner)) {
        throw new IllegalStateException(desired.getKind() + " " + desired.getMetadata().getName()
            + " already exists and is not owned by this pipeline; delete or rename it", e);
      }
      R updated = client.resource(mergedForUpdate(desired, live)).update();
      eventSource.handleRecentResourceUpdate(primary, updated, live);
      return new Written<>(updated, Outcome.UPDATED);
    }
  }

  /** Deletes an object the pipeline no longer needs. */
  public <R extends HasMetadata> Written<R> delete(R existing) {
    client.resource(existing).delete();
    return new Written<>(existing, Outcome.DELETED);
  }

  private static <R extends HasMetadata> R mergedForUpdate(R desired, R current) {
    Map<String, String> labels = new LinkedHashMap<>(Optional.ofNullable(current.getMetadata().getLabels())
        .orElse(Map.of()));
    labels.putAll(desired.getMetadata().getLabels());
    Map<String, String> annotations = new LinkedHashMap<>();
    Optional.ofNullable(current.getMetadata().getAnnotations()).orElse(Map.of()).forEach((k, v) -> {
      if (!k.startsWith(OWN_ANNOTATION_PREFIX) && !k.equals(DesiredServiceAccount.ROLE_ARN_ANNOTATION)) {
        annotations.put(k, v);
      }
    });
    annotations.putAll(desired.getMetadata().getAnnotations());
    desired.getMetadata().setLabels(labels);
    desired.getMetadata().setAnnotations(annotations);
    desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
    if (desired instanceof Service service && current instanceof Service live && live.getSpec() != null) {
      // allocated by the API server and immutable
      service.getSpec().setClusterIP(live.getSpec().getClusterIP());
      service.getSpec().setClusterIPs(live.getSpec().getClusterIPs());
    }
    return desired;
  }

  private static boolean ownedBy(HasMetadata resource, DsqlCdcPipeline owner) {
    return Optional.ofNullable(resource.getMetadata().getOwnerReferences()).orElse(java.util.List.of()).stream()
        .map(OwnerReference::getUid)
        .anyMatch(uid -> uid != null && uid.equals(owner.getMetadata().getUid()));
  }

  private static String annotation(HasMetadata resource, String key) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
