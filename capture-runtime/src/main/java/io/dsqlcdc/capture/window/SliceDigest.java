package io.dsqlcdc.capture.window;

/**
 * Order-free digest of the row versions in one cursor slice: how many, and the sum of their {@link VersionHash}es
 * modulo 2^64 (the database sums exactly; only the low 64 bits are compared).
 */
public record SliceDigest(long count, long sum) {
}
