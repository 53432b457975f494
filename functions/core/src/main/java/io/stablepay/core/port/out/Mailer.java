package io.stablepay.core.port.out;

import io.stablepay.core.domain.identity.Email;

/** Sends transactional email (SES in AWS and in the emulator). */
public interface Mailer {

  void send(Email to, String subject, String text);
}
