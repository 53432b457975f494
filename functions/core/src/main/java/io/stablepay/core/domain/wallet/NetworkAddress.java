package io.stablepay.core.domain.wallet;

import io.stablepay.core.domain.NetworkId;

/** Where a wallet receives on one network. */
public record NetworkAddress(NetworkId network, String address) {}
