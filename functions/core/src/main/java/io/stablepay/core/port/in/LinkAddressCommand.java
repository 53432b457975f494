package io.stablepay.core.port.in;

/**
 * A signed challenge that links an address as watch-only. Nothing is checked here: the use case
 * checks every value after it used the challenge up, so a malformed attempt costs a challenge too.
 *
 * @param signature the signature over {@code message} by the address's key, hex
 * @param message the challenge's message, exactly as it was given
 */
public record LinkAddressCommand(
    String network, String address, String signature, String message) {}
