package io.dsqlcdc.testsupport.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.status.DsqlCdcPipelineStatus;
import io.dsqlcdc.api.status.Phase;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KubernetesMockExtensionTest {
  @RegisterExtension
  final KubernetesMockExtension k8s = KubernetesMockExtension.create();

  private MixedOperation<DsqlCdcPipeline, KubernetesResourceList<DsqlCdcPipeline>, Resource<DsqlCdcPipeline>> pipelines() {
    return k8s.client().resources(DsqlCdcPipeline.class);
  }

  /** A pipeline the CRD's schema and rules accept, as the mock checks them like a real API server. */
  static DsqlCdcPipeline pipeline(String name) {
    return Serialization.unmarshal("""
        apiVersion: dsqlcdc.io/v1alpha1
        kind: DsqlCdcPipeline
        metadata: {name: %s, namespace: test}
        spec:
          source:
            endpoints: [localhost]
            user: capture
            auth: {type: password, passwordSecret: {name: pg, key: password}}
          tables: [{name: public.items, cursor: updated_at}]
          sink: {bootstrapServers: "localhost:9092", topicPrefix: local}
        """.formatted(name), DsqlCdcPipeline.class);
  }

  @Test
  void watchSeesCreatedPipeline() {
    List<String> events = new CopyOnWriteArrayList<>();
    try (Watch ignored = pipelines().inNamespace("test").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, DsqlCdcPipeline resource) {
        events.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      pipelines().resource(pipeline("orders")).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("ADDED orders"));
    }
  }

  @Test
  void updateStatusChangesOnlyStatus() {
    DsqlCdcPipeline created = pipelines().resource(pipeline("orders")).create();
    created.setStatus(new DsqlCdcPipelineStatus(1L, Phase.Streaming, null, null, "1/1", "0.5s", null, null));

    pipelines().resource(created).updateStatus();

    DsqlCdcPipeline stored = pipelines().inNamespace("test").withName("orders").get();
    assertThat(stored.getStatus().phase()).isEqualTo(Phase.Streaming);
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(created.getMetadata().getGeneration());
  }

  @Test
  void updateIgnoresStatusBecauseTheCrdDeclaresTheSubresource() {
    DsqlCdcPipeline created = pipelines().resource(pipeline("orders")).create();
    created.setStatus(new DsqlCdcPipelineStatus(1L, Phase.Failed, null, null, null, null, null, null));

    pipelines().resource(created).update();

    assertThat(pipelines().inNamespace("test").withName("orders").get().getStatus()).isNull();
  }

  @Test
  void recordsEveryRequestWithVerbAndPath() {
    DsqlCdcPipeline created = pipelines().resource(pipeline("orders")).create();
    created.setStatus(DsqlCdcPipelineStatus.empty());
    pipelines().resource(created).updateStatus();
    try (Watch ignored = pipelines().inNamespace("test").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, DsqlCdcPipeline resource) {
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      await().atMost(Duration.ofSeconds(10)).until(() -> k8s.requests().stream().anyMatch(RecordedRequest::isWatch));
    }

    String base = "/apis/dsqlcdc.io/v1alpha1/namespaces/test/dsqlcdcpipelines";
    assertThat(k8s.requests()).contains(
        new RecordedRequest("POST", base),
        new RecordedRequest("PUT", base + "/orders/status"));
    assertThat(k8s.requests()).filteredOn(RecordedRequest::isWatch)
        .extracting(RecordedRequest::resourcePath).containsOnly(base);
  }
}
