package io.stablepay.adapter.in.http.conventions;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.stablepay.schema.Functions;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Text in a JSON body is a JSON string, as the OpenAPI document describes every such field: a
 * number, a boolean, an object or an array where a string belongs is refused (400 invalid-request),
 * never turned into text. Without this the serializer coerced {@code {"amount": 1.5}} into the
 * amount "1.5" and {@code {"email": 5}} into an email "5". Only in the API functions, whose bodies
 * come from clients; the workflow tasks and the queue consumers read what the platform itself
 * wrote.
 */
@Singleton
@Requires(
    env = {
      Functions.BLOCKCHAIN_API,
      Functions.AUTH_API,
      Functions.WALLET_API,
      Functions.MERCHANT_API,
      Functions.SIGNER_API,
      Functions.KYC_API,
      Functions.SUBSCRIPTION_API,
      Functions.ESCROW_API
    })
final class StrictStrings implements Deserializer<String> {

  @Override
  public String deserialize(Decoder decoder, DecoderContext context, Argument<? super String> type)
      throws IOException {
    Object value = decoder.decodeArbitrary();
    if (value instanceof String text) {
      return text;
    }
    throw refused(decoder, type, "a JSON string", value);
  }

  /** The refusal of {@code value} where {@code expected} belongs, naming the field if known. */
  static IOException refused(Decoder decoder, Argument<?> type, String expected, Object value) {
    // a property's argument carries the property's name
    String name = type.getName();
    String field =
        name == null
                || name.isBlank()
                || name.equals(type.getType().getName())
                || name.equals(type.getType().getSimpleName())
            ? ""
            : name + ": ";
    return decoder.createDeserializationException(
        field
            + expected
            + " is expected, not "
            + (value instanceof String
                ? "a string"
                : value instanceof Number
                    ? "a number"
                    : value instanceof Boolean
                        ? "true or false"
                        : value == null ? "null" : "an object or an array"),
        null);
  }
}
