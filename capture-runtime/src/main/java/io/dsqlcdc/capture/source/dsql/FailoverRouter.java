package io.dsqlcdc.capture.source.dsql;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Which endpoint is active. The first is the primary. When the active one fails, the next one in order that
 * is not known to be down takes over; the primary takes over again once it has been healthy for
 * {@code failbackAfter}, so one lucky probe of a flapping primary does not pull traffic back.
 */
public final class FailoverRouter {
  private enum Health { UNKNOWN, UP, DOWN }

  private final int size;
  private final Clock clock;
  private final Duration failbackAfter;
  private final Health[] health;
  private final SourceProblem[] problems;
  private Instant primaryHealthySince;
  private int active;

  public FailoverRouter(int size, Clock clock, Duration failbackAfter) {
    if (size < 1) {
      throw new IllegalArgumentException("at least one endpoint is needed");
    }
    this.size = size;
    this.clock = clock;
    this.failbackAfter = failbackAfter;
    this.health = new Health[size];
    this.problems = new SourceProblem[size];
    Arrays.fill(health, Health.UNKNOWN);
  }

  public synchronized int active() {
    return active;
  }

  /** True once a connection to the active endpoint was tried (by use or by probe). */
  public synchronized boolean activeKnown() {
    return health[active] != Health.UNKNOWN;
  }

  /** True while the active endpoint has not failed since it was last up. */
  public synchronized boolean activeUsable() {
    return health[active] != Health.DOWN;
  }

  /** Why the endpoint last failed, or null. */
  public synchronized SourceProblem problem(int endpoint) {
    return problems[endpoint];
  }

  /** A connection was had from the endpoint. */
  public synchronized void succeeded(int endpoint) {
    markUp(endpoint);
  }

  /** The endpoint could not give a connection; moves away from it when it is the active one. */
  public synchronized void failed(int endpoint, SourceProblem problem) {
    health[endpoint] = Health.DOWN;
    problems[endpoint] = problem;
    if (endpoint == 0) {
      primaryHealthySince = null;
    }
    if (endpoint == active) {
      for (int step = 1; step < size; step++) {
        int candidate = (endpoint + step) % size;
        if (health[candidate] != Health.DOWN) {
          active = candidate;
          return;
        }
      }
    }
  }

  /**
   * Endpoints the health probe should check: those never tried (so a failover knows which peers are down), those
   * down, and the primary while another one is active.
   */
  public synchronized boolean needsProbe(int endpoint) {
    return health[endpoint] != Health.UP || (endpoint == 0 && active != 0);
  }

  /** Result of a health probe. */
  public synchronized void probed(int endpoint, SourceProblem problem) {
    if (problem != null) {
      failed(endpoint, problem);
      return;
    }
    markUp(endpoint);
    if (endpoint == 0 && active != 0 && !clock.instant().isBefore(primaryHealthySince.plus(failbackAfter))) {
      active = 0;
    }
    if (health[active] == Health.DOWN) {
      active = endpoint;
    }
  }

  private void markUp(int endpoint) {
    if (endpoint == 0 && health[0] != Health.UP) {
      primaryHealthySince = clock.instant();
    }
    health[endpoint] = Health.UP;
    problems[endpoint] = null;
  }
}
