package io.dsqlcdc.capture.changestream;

/**
 * A piece of a split image.
 *
 * @param index zero-based position of the piece in the image
 * @param data  the piece of the image's JSON text (valid UTF-8 on its own)
 */
public record CdcFragment(String chunkId, int index, String data) implements CdcMessage {
}
