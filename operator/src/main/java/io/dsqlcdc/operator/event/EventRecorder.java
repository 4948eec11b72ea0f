package io.dsqlcdc.operator.event;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events on a pipeline (core/v1, so that {@code kubectl describe} shows them). */
public final class EventRecorder {
  public static final String COMPONENT = "dsql-cdc-operator";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final String instance;

  public EventRecorder(KubernetesClient client, String instance) {
    this.client = client;
    this.instance = instance;
  }

  public void normal(DsqlCdcPipeline p, String reason, String message) {
    record(p, "Normal", reason, message);
  }

  public void warning(DsqlCdcPipeline p, String reason, String message) {
    record(p, "Warning", reason, message);
  }

  private void record(DsqlCdcPipeline p, String type, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String text = message == null ? "" : message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    Event event = new EventBuilder()
        .withNewMetadata()
        .withName(p.getMetadata().getName() + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
        .withNamespace(p.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(DsqlCdcPipeline.API_VERSION)
        .withKind(p.getKind())
        .withName(p.getMetadata().getName())
        .withNamespace(p.getMetadata().getNamespace())
        .withUid(p.getMetadata().getUid())
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(text)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(instance)
        .build();
    try {
      client.v1().events().inNamespace(p.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // an event is a courtesy: failing to write one must not fail the reconciliation
      LOG.warn("could not record event {} on {}/{}: {}", reason, p.getMetadata().getNamespace(),
          p.getMetadata().getName(), e.getMessage());
    }
  }
}
