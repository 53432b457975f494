package io.stablepay.core.service;

import io.stablepay.core.domain.ForbiddenException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.port.out.MerchantStore;

/** The merchant a caller acts as, for the use cases only merchants may call. */
final class MerchantCallers {

  private MerchantCallers() {}

  /**
   * @param refusal what a caller who is not a merchant is told
   * @throws ForbiddenException when the caller is not a merchant
   * @throws NotFoundException when the merchant account is missing
   */
  static Merchant merchant(MerchantStore merchants, Caller caller, String refusal) {
    if (caller.role() != Role.MERCHANT) {
      throw new ForbiddenException(refusal);
    }
    return merchants
        .find(caller.userId())
        .orElseThrow(() -> new NotFoundException("this account is not a merchant"));
  }
}
