package io.stablepay.adapter.out.ses;

import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.port.out.Mailer;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Transactional email through SES v2, from the verified sender the stack creates ({@link
 * MailSettings}).
 */
@Singleton
final class SesMailer implements Mailer {

  private final SesV2Client ses;
  private final String from;

  SesMailer(SesV2Client ses, MailSettings settings) {
    this.ses = ses;
    this.from = settings.getFrom();
  }

  @Override
  public void send(Email to, String subject, String text) {
    ses.sendEmail(
        r ->
            r.fromEmailAddress(from)
                .destination(d -> d.toAddresses(to.value()))
                .content(
                    c ->
                        c.simple(
                            m ->
                                m.subject(s -> s.data(subject).charset("UTF-8"))
                                    .body(b -> b.text(t -> t.data(text).charset("UTF-8"))))));
  }
}
