package io.stablepay.core.domain.wallet;

import io.stablepay.core.domain.NetworkId;

/** One of a user's addresses on one network, and whose key it has. */
public record NetworkAddress(NetworkId network, String address, AddressType type) {}
