package io.stablepay.config;

import static io.stablepay.schema.Functions.KYC_API;
import static io.stablepay.schema.Functions.KYC_AWAIT_DECISION;
import static io.stablepay.schema.Functions.KYC_CHECK;
import static io.stablepay.schema.Functions.KYC_FINISH;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.io.ResourceResolver;
import io.stablepay.core.domain.kyc.NameScreen;
import io.stablepay.core.port.in.KycReviews;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.core.port.out.DocumentStorage;
import io.stablepay.core.port.out.KycStore;
import io.stablepay.core.port.out.Mailer;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.Workflows;
import io.stablepay.core.service.KycDecisions;
import io.stablepay.core.service.KycReviewChecks;
import io.stablepay.core.service.KycReviewSteps;
import io.stablepay.core.service.KycService;
import io.stablepay.core.service.KycSubmissions;
import io.stablepay.core.service.KycUploads;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/** KYC and KYB reviews: the API that starts and decides them, the workflow's tasks. */
@Factory
@Requires(env = {KYC_API, KYC_CHECK, KYC_AWAIT_DECISION, KYC_FINISH})
class KycWiring {

  /** The sanctions list is a file of one name a line ({@link KycProperties}). */
  @Singleton
  KycReviews kycReviews(
      KycStore store,
      DocumentStorage documents,
      Workflows workflows,
      UserStore users,
      MerchantStore merchants,
      Mailer mailer,
      AuditLog audit,
      Alerts alerts,
      ResourceResolver resources,
      Clock clock,
      KycProperties kyc) {
    String sanctionsList = kyc.sanctionsListOrSample();
    List<String> names;
    try (InputStream in =
        resources
            .getResourceAsStream(sanctionsList)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the sanctions list "
                            + sanctionsList
                            + " (stablepay.kyc.sanctions-list) cannot be read"))) {
      names = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sanctions list " + sanctionsList, e);
    }
    KycReviewSteps steps = new KycReviewSteps(store, users, mailer, audit, alerts, clock);
    return new KycService(
        new KycUploads(store, documents, clock),
        new KycSubmissions(store, workflows, users, merchants, audit, clock),
        new KycDecisions(store, workflows, steps, audit, alerts, clock),
        new KycReviewChecks(store, documents, users, merchants, new NameScreen(names), clock),
        steps);
  }
}
