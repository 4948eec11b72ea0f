package io.dsqlcdc.operator.election;

import io.dsqlcdc.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How this replica holds the leader Lease, beyond JOSDK's defaults (a 15 s lease renewed every 2 s):
 * <ul>
 *   <li>Losing the lease while running exits the JVM, so that the pod restarts and rejoins the election.</li>
 *   <li>Stopping (SIGTERM on pod deletion or rollout) does not exit from inside the stop: JOSDK's own exit-on-stop
 *       calls {@code System.exit} from the shutdown hook that is stopping it, which blocks that hook forever and
 *       leaves the pod to be killed after its grace period, still holding the lease.</li>
 *   <li>Once stopped, the lease is given up (a 1 s lease renewed now), so that another replica takes over within
 *       its next retry instead of waiting out the lease.</li>
 * </ul>
 */
public final class LeaseHandover {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseHandover.class);
  private static final Duration RELEASED_LEASE = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final OperatorConfig.LeaderElection config;
  private final String identity;
  private final AtomicBoolean stopping = new AtomicBoolean();

  public LeaseHandover(KubernetesClient client, OperatorConfig.LeaderElection config, String identity) {
    this.client = client;
    this.config = config;
    this.identity = identity;
  }

  /** JOSDK's leader election for this replica, with the default timings. */
  public LeaderElectionConfiguration configuration() {
    LeaderCallbacks callbacks = new LeaderCallbacks(
        () -> LOG.info("{} leads: reconciling", identity),
        this::stoppedLeading,
        leader -> LOG.info("leader is {}", leader));
    return new LeaderElectionConfiguration(config.leaseName(), config.leaseNamespace(),
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        identity, callbacks, false);
  }

  /** Marks the stop as intended; call before stopping the operator. */
  public void stopping() {
    stopping.set(true);
  }

  /** Gives up the lease if this replica holds it; call once the operator has stopped reconciling. */
  public void release() {
    String namespace = config.leaseNamespace() != null ? config.leaseNamespace() : client.getNamespace();
    LeaseLock lock = new LeaseLock(namespace, config.leaseName(), identity);
    try {
      LeaderElectionRecord current = lock.get(client);
      if (current == null || !identity.equals(current.getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      lock.update(client, new LeaderElectionRecord(identity, RELEASED_LEASE, now, now,
          current.getLeaderTransitions()));
      LOG.info("{} gave up the lease {}/{}", identity, namespace, config.leaseName());
    } catch (RuntimeException e) {
      // the lease then expires on its own; a failed release only delays the handover
      LOG.warn("could not give up the lease {}/{}: {}", namespace, config.leaseName(), e.toString());
    }
  }

  private void stoppedLeading() {
    if (stopping.get()) {
      return;
    }
    LOG.error("{} lost the leader lease {}; exiting so that the pod restarts and rejoins the election", identity,
        config.leaseName());
    // from a thread of its own: the elector holds its lock here, which the shutdown sequence may need
    new Thread(() -> System.exit(1), "exit-after-lost-lease").start();
  }
}
