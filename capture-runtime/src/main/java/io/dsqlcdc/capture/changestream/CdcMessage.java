package io.dsqlcdc.capture.changestream;

/**
 * One Kinesis record's JSON document, by its {@code type}: a complete change ({@link CdcRecord}, type {@code full}),
 * the main record of a change whose images were split ({@link ChunkedRecord}, type {@code chunked}), or a piece of
 * such an image ({@link CdcFragment}, type {@code fragment}).
 */
public sealed interface CdcMessage permits CdcRecord, ChunkedRecord, CdcFragment {
}
