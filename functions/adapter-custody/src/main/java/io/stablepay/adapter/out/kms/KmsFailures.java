package io.stablepay.adapter.out.kms;

import io.stablepay.core.domain.CustodyUnavailableException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a KMS failure means to the caller. Throttling, KMS's own errors (5xx) and an unreachable
 * KMS, still there after the SDK's retries, are passing: the caller hears "try again shortly"
 * ({@link CustodyUnavailableException}). Anything else (a key disabled or denied to this role) is
 * the operator's to fix and stays the SDK's exception, an error the function's alarms count.
 */
final class KmsFailures {

  private KmsFailures() {}

  static <T> T passingAsUnavailable(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      if (passing(e)) {
        throw new CustodyUnavailableException(
            "the key custody could not "
                + what
                + " just now; nothing was signed: try again shortly",
            e);
      }
      throw e;
    }
  }

  static boolean passing(SdkException e) {
    if (e instanceof AwsServiceException service) {
      return service.isThrottlingException() || service.statusCode() >= 500;
    }
    return e instanceof SdkClientException;
  }
}
