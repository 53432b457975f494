package io.stablepay.adapter.out.tron;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Token;
import java.util.List;
import java.util.Map;

/** Tron Nile as the registry describes it, with the node a test points it at. */
final class TronNetworks {

  static final Token USDT = new Token(Asset.USDT, "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf", 6);

  private TronNetworks() {}

  static Network nile(String fullNode) {
    return new Network(
        NetworkId.TRON,
        "Tron Nile",
        ChainFamily.TRON,
        3448148188L,
        "TRX",
        19,
        3,
        "https://nile.tronscan.org",
        List.of(USDT),
        fullNode,
        Map.of());
  }
}
