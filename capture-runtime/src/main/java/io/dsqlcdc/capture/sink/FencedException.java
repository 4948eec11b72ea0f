package io.dsqlcdc.capture.sink;

/** Another runtime with this pipeline's transactional.id took over; this one must stop writing. */
public class FencedException extends SinkFailedException {
  public FencedException(String transactionalId, Throwable cause) {
    super("fenced: another capture runtime with transactional.id " + transactionalId
        + " started and took over this pipeline; this runtime stops writing", cause);
  }
}
