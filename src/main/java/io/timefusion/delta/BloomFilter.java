package io.timefusion.delta;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * A classic Bloom filter over strings: a value is added as the UTF-8 bytes DuckDB compares, hashed
 * once with MurmurHash3_x64_128 (seed 0) into h1, h2, and sets k bits: bit
 * {@code floor(mix64(h1 + i * h2) * m / 2^64)} for i = 0..k-1 (double hashing; {@code mix64} is
 * {@link java.util.SplittableRandom}'s finalizer, so that strides sharing a factor with m do not
 * crowd a few bits). Sized for {@code n} distinct values at false-positive rate {@code p}:
 * {@code m = ceil(-n ln p / (ln 2)^2)} bits, rounded up to whole 64-bit words, and
 * {@code k = round(m / n * ln 2)} (1 to 16); at p = 1% that is 9.6 bits (1.2 bytes) per value and
 * k = 7, and the measured rate is 1.0% ({@code LookupSidecarTest}).
 * A filter of no values contains nothing. The hash and the bit layout are part of the lookup
 * sidecar format ({@link LookupSidecar}) and must never change.
 */
public final class BloomFilter {
  private static final double LN2 = Math.log(2);

  private final long[] words;
  private final int hashes;
  private long added;

  BloomFilter(long[] words, int hashes, long added) {
    if (hashes < 1 || hashes > 16) throw new IllegalArgumentException("bad hash count " + hashes);
    this.words = words;
    this.hashes = hashes;
    this.added = added;
  }

  /** An empty filter for {@code distinct} values at false-positive rate {@code fpp}. */
  public static BloomFilter forValues(long distinct, double fpp) {
    if (!(fpp > 0 && fpp < 1)) throw new IllegalArgumentException("false-positive rate must be in (0, 1): " + fpp);
    if (distinct <= 0) return new BloomFilter(new long[0], 1, 0);
    double bits = Math.ceil(-distinct * Math.log(fpp) / (LN2 * LN2));
    long words = Math.max(1, (long) Math.ceil(bits / 64));
    if (words > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("too many values for one filter: " + distinct);
    int k = (int) Math.max(1, Math.min(16, Math.round(words * 64.0 / distinct * LN2)));
    return new BloomFilter(new long[(int) words], k, 0);
  }

  public void add(String value) {
    add(value.getBytes(StandardCharsets.UTF_8));
  }

  public void add(byte[] utf8) {
    if (words.length == 0) throw new IllegalStateException("a filter sized for no values takes none");
    long[] h = MurmurHash3.hash128x64(utf8, 0, utf8.length, 0);
    long bits = (long) words.length * 64;
    long combined = h[0];
    for (int i = 0; i < hashes; i++) {
      long bit = Math.unsignedMultiplyHigh(mix64(combined), bits);
      words[(int) (bit >>> 6)] |= 1L << bit;
      combined += h[1];
    }
    added++;
  }

  /** False means no added value equals {@code value}; true means one may. */
  public boolean mightContain(String value) {
    if (words.length == 0) return false;
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    long[] h = MurmurHash3.hash128x64(utf8, 0, utf8.length, 0);
    long bits = (long) words.length * 64;
    long combined = h[0];
    for (int i = 0; i < hashes; i++) {
      long bit = Math.unsignedMultiplyHigh(mix64(combined), bits);
      if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) return false;
      combined += h[1];
    }
    return true;
  }

  /** SplittableRandom's mix64 (David Stafford's variant 13 of MurmurHash3's finalizer). */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The bit array, 64 bits a word, bit {@code b} in word {@code b / 64} at position {@code b % 64}. */
  long[] words() {
    return words;
  }

  int hashes() {
    return hashes;
  }

  /** How many values were added (distinct ones, as the writer adds them). */
  public long distinct() {
    return added;
  }

  /** Bytes of the bit array. */
  public long sizeBytes() {
    return (long) words.length * 8;
  }
}
