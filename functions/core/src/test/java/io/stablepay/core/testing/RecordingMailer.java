package io.stablepay.core.testing;

import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.port.out.Mailer;
import java.util.ArrayList;
import java.util.List;

/**
 * Mail kept in the order sent; while {@link #failure} is set every send throws it (the mail service
 * out of reach) and nothing is kept.
 */
public final class RecordingMailer implements Mailer {

  /** One sent message. */
  public record Mail(Email to, String subject, String text) {}

  public final List<Mail> sent = new ArrayList<>();

  /** How many sends were tried, failed ones included. */
  public int attempts;

  public RuntimeException failure;

  @Override
  public synchronized void send(Email to, String subject, String text) {
    attempts++;
    if (failure != null) {
      throw failure;
    }
    sent.add(new Mail(to, subject, text));
  }
}
