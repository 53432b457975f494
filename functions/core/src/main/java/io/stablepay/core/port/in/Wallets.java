package io.stablepay.core.port.in;

import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.wallet.NetworkAddress;
import io.stablepay.core.domain.wallet.Wallet;
import java.util.List;

/** The caller's custodial wallet. */
public interface Wallets {

  /** The wallet and whether this call created it (a second call returns the first wallet). */
  record Creation(Wallet wallet, boolean created) {}

  Creation create(Caller caller);

  /**
   * The caller's custodial receiving address on every network this deployment serves, then the
   * watch-only addresses the caller linked.
   *
   * @throws io.stablepay.core.domain.NotFoundException when the caller has neither a wallet nor a
   *     watch-only address yet
   */
  List<NetworkAddress> addresses(Caller caller);
}
