package io.stablepay.core.domain;

/**
 * A well-formed request (every field of the documented type, pattern and set of values) that this
 * platform still cannot act on because of what a value means: an address whose checksum fails, an
 * amount finer than its asset allows or zero, a reference to nothing of the caller's, fields that
 * do not go together, a token or cursor that is not (or no longer) one it issued. Unlike its
 * parent's other cases, no schema could have told the client (HTTP answers 422, not 400); nothing
 * was changed.
 */
public class InvalidValueException extends InvalidRequestException {

  public InvalidValueException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "invalid-value";
  }

  @Override
  public String title() {
    return "Invalid value";
  }
}
