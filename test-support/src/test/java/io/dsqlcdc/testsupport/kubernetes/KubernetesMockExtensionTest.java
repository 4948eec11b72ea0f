package io.dsqlcdc.testsupport.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.status.DsqlCdcPipelineStatus;
import io.dsqlcdc.api.status.Phase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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
    assertThat(k8s.requests()).extracting(r -> r.verb() + " " + r.path())
        .contains("POST " + base, "PUT " + base + "/orders/status");
    assertThat(k8s.requests()).filteredOn(RecordedRequest::isWatch)
        .extracting(RecordedRequest::resourcePath).containsOnly(base);
  }

  @Test
  void recordsTheUserAgentThatTellsClientsApart() {
    try (var named = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(k8s.config()).withUserAgent("replica-a").build())
        .build()) {
      named.configMaps().inNamespace("test").list();
    }
    assertThat(k8s.requests()).filteredOn(r -> r.userAgent().equals("replica-a"))
        .extracting(RecordedRequest::resourcePath).containsExactly("/api/v1/namespaces/test/configmaps");
  }

  @Test
  void anAnswerIsGivenBeforeTheStoreAndTheRequestIsStillRecorded() {
    k8s.answer("GET", "/api/v1/namespaces/test/configmaps/answered", 200, body -> Serialization.asJson(
        new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("answered").endMetadata()
            .addToData("from", "expectation").build()));
    assertThat(k8s.client().configMaps().inNamespace("test").withName("answered").get().getData())
        .containsEntry("from", "expectation");
    assertThat(k8s.requests()).extracting(RecordedRequest::resourcePath)
        .contains("/api/v1/namespaces/test/configmaps/answered");
  }

  @Test
  void aMergePatchCarryingAStaleResourceVersionIsRefusedAsOnARealApiServer() {
    // what leader election relies on: fabric8's LeaseLock renews and takes over with such a patch
    NonNamespaceOperation<Lease, LeaseList, Resource<Lease>> leases = k8s.client().leases().inNamespace("test");
    Lease created = leases.resource(new LeaseBuilder().withNewMetadata().withName("lock").endMetadata()
        .withNewSpec().withHolderIdentity("a").endSpec().build()).create();
    leases.resource(new LeaseBuilder(created).editSpec().withHolderIdentity("b").endSpec().build())
        .patch(PatchContext.of(PatchType.JSON_MERGE));
    Lease stale = new LeaseBuilder(created).editSpec().withHolderIdentity("c").endSpec().build();

    assertThatThrownBy(() -> leases.resource(stale).patch(PatchContext.of(PatchType.JSON_MERGE)))
        .isInstanceOf(KubernetesClientException.class).hasMessageContaining("409");
    assertThat(leases.withName("lock").get().getSpec().getHolderIdentity()).isEqualTo("b");
  }
}
