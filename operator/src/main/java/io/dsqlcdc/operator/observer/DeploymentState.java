package io.dsqlcdc.operator.observer;

/**
 * The runtime Deployment as observed.
 *
 * @param available the wanted pod runs the current template and is ready
 * @param reason CamelCase reason for the DeploymentAvailable condition
 * @param message what a user reads
 */
public record DeploymentState(boolean available, String reason, String message) {
}
