package io.stablepay.adapter.in.http.conventions;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Flags and whole numbers in a JSON body are JSON booleans and JSON integers, as the OpenAPI
 * document describes them: without these the serializer read {@code {"rotateApiKey": 1}} as true
 * (and rotated the merchant's key), {@code "yes"} as false, and {@code {"expiresInSeconds": "120"}}
 * or {@code 120.7} as 120. Where {@link StrictStrings} is (the API functions).
 */
final class StrictScalars {

  private StrictScalars() {}

  /** Only {@code true} or {@code false}. */
  @Singleton
  @Requires(beans = StrictStrings.class)
  static final class Booleans implements Deserializer<Boolean> {

    @Override
    public Boolean deserialize(
        Decoder decoder, DecoderContext context, Argument<? super Boolean> type)
        throws IOException {
      Object value = decoder.decodeArbitrary();
      if (value instanceof Boolean flag) {
        return flag;
      }
      throw StrictStrings.refused(decoder, type, "true or false", value);
    }
  }

  /** Only a JSON integer within a long's range. */
  @Singleton
  @Requires(beans = StrictStrings.class)
  static final class Longs implements Deserializer<Long> {

    @Override
    public Long deserialize(Decoder decoder, DecoderContext context, Argument<? super Long> type)
        throws IOException {
      return whole(decoder, type, Long.SIZE).longValue();
    }
  }

  /** Only a JSON integer within an int's range. */
  @Singleton
  @Requires(beans = StrictStrings.class)
  static final class Integers implements Deserializer<Integer> {

    @Override
    public Integer deserialize(
        Decoder decoder, DecoderContext context, Argument<? super Integer> type)
        throws IOException {
      return whole(decoder, type, Integer.SIZE).intValue();
    }
  }

  /** The next value, if it is a JSON integer that fits {@code bits} signed bits; else refused. */
  private static BigInteger whole(Decoder decoder, Argument<?> type, int bits) throws IOException {
    Object value = decoder.decodeArbitrary();
    BigInteger whole =
        switch (value) {
          case Integer i -> BigInteger.valueOf(i);
          case Long l -> BigInteger.valueOf(l);
          case Short s -> BigInteger.valueOf(s);
          case Byte b -> BigInteger.valueOf(b);
          case BigInteger big -> big;
          case null, default -> null; // 1.5, "1", true, an object
        };
    if (whole != null && whole.bitLength() < bits) {
      return whole;
    }
    throw StrictStrings.refused(decoder, type, "a whole number", value);
  }
}
