package io.stablepay.adapter.out.ses;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Account mail ({@code stablepay.mail.*}). */
@ConfigurationProperties("stablepay.mail")
public class MailSettings {

  /**
   * The verified SES sender ({@code STABLEPAY_MAIL_FROM}; the stack creates it; default {@code
   * no-reply@stablepay.local}).
   */
  private String from = "no-reply@stablepay.local";

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }
}
