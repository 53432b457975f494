package io.stablepay.core.domain;

/** The chain says the transfer would revert (e.g. the sender lacks the tokens). */
public class TransferWouldFailException extends DomainException {

  public TransferWouldFailException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "transfer-would-fail";
  }

  @Override
  public String title() {
    return "Transfer would fail on-chain";
  }
}
