package io.dsqlcdc.capture.streaming;

/** Order-free digest of the row versions in one cursor slice: how many, and md5 over their sorted md5s. */
public record SliceDigest(long count, String md5) {
}
