package io.stablepay.adapter.out.evm;

import io.stablepay.core.domain.AddressCheck;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.escrow.OnchainDeal;
import io.stablepay.core.port.out.EscrowContract;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.utils.Numeric;

/**
 * The platform's Escrow contract ({@code contracts/src/Escrow.sol}) on EVM networks, through
 * web3j's ABI encoder: call data for the ERC-20 approval and the escrow's create, release and
 * refund, which the core signs and sends itself, and the contract's and token's state read with
 * {@code eth_call} at the latest block. Never signs or sends anything.
 */
@Singleton
final class EvmEscrowContract implements EscrowContract {

  private static final String ID_PREFIX = "stablepay:escrow:";

  /** {@code getEscrow}'s {@code Deal}: a static struct, so it decodes as its flat tuple. */
  private static final List<TypeReference<?>> DEAL =
      List.of(
          new TypeReference<Address>() {}, // depositor
          new TypeReference<Address>() {}, // beneficiary
          new TypeReference<Address>() {}, // arbiter
          new TypeReference<Address>() {}, // token
          new TypeReference<Uint256>() {}, // amount
          new TypeReference<Uint64>() {}, // releaseAfter
          new TypeReference<Bool>() {}, // disputed
          new TypeReference<Uint8>() {}); // status

  private final EvmNodes nodes;

  EvmEscrowContract(EvmNodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public ChainFamily family() {
    return ChainFamily.EVM;
  }

  @Override
  public String onchainId(String escrowId) {
    return Numeric.toHexString(idBytes(escrowId));
  }

  @Override
  public String approveCall(String spender, BigInteger amount) {
    return FunctionEncoder.encode(
        new Function(
            "approve", List.of(address("spender", spender), new Uint256(amount)), List.of()));
  }

  @Override
  public String createCall(
      String escrowId, String token, String beneficiary, BigInteger amount, String arbiter) {
    return FunctionEncoder.encode(
        new Function(
            "createEscrow",
            List.of(
                new Bytes32(idBytes(escrowId)),
                address("token", token),
                address("beneficiary", beneficiary),
                new Uint256(amount),
                new Uint64(BigInteger.ZERO),
                address("arbiter", arbiter)),
            List.of()));
  }

  @Override
  public String releaseCall(String escrowId) {
    return byId("release", escrowId);
  }

  @Override
  public String refundCall(String escrowId) {
    return byId("refund", escrowId);
  }

  @Override
  public BigInteger allowance(Network network, Token token, String owner, String spender) {
    Function allowance =
        new Function(
            "allowance",
            List.of(address("owner", owner), address("spender", spender)),
            List.of(new TypeReference<Uint256>() {}));
    List<Type> decoded = EvmRpc.view(network, nodes.client(network), token.address(), allowance);
    if (decoded.isEmpty()) {
      throw new ChainUnavailableException(
          "the "
              + network.id()
              + " node returned no "
              + token.asset()
              + " allowance: is "
              + token.address()
              + " a token contract there?");
    }
    return (BigInteger) decoded.get(0).getValue();
  }

  /** A deal with status NONE has no parties: its addresses are all null, its amount zero. */
  @Override
  public OnchainDeal deal(Network network, String contract, String escrowId) {
    Function getEscrow = new Function("getEscrow", List.of(new Bytes32(idBytes(escrowId))), DEAL);
    List<Type> fields = EvmRpc.view(network, nodes.client(network), contract, getEscrow);
    if (fields.size() != DEAL.size()) {
      throw new ChainUnavailableException(
          "the "
              + network.id()
              + " node returned no escrow: is "
              + contract
              + " the Escrow contract there?");
    }
    int code = ((BigInteger) fields.get(7).getValue()).intValueExact();
    OnchainDeal.Status[] statuses = OnchainDeal.Status.values();
    if (code >= statuses.length) {
      throw new ChainUnavailableException(
          "the escrow contract at " + contract + " reports an unknown status " + code);
    }
    OnchainDeal.Status status = statuses[code];
    boolean exists = status != OnchainDeal.Status.NONE;
    return new OnchainDeal(
        status,
        exists ? checksummed(fields.get(0)) : null,
        exists ? checksummed(fields.get(1)) : null,
        exists ? checksummed(fields.get(2)) : null,
        exists ? checksummed(fields.get(3)) : null,
        (BigInteger) fields.get(4).getValue(),
        (Boolean) fields.get(6).getValue());
  }

  @Override
  public BigInteger estimateGas(Network network, String from, String to, String data) {
    Transaction call = Transaction.createEthCallTransaction(from, to, data);
    return EvmRpc.estimateGas(network, nodes.client(network), call, "the call to " + to);
  }

  private static byte[] idBytes(String escrowId) {
    Objects.requireNonNull(escrowId, "escrowId");
    return Hash.sha3((ID_PREFIX + escrowId).getBytes(StandardCharsets.UTF_8));
  }

  private static String byId(String function, String escrowId) {
    return FunctionEncoder.encode(
        new Function(function, List.of(new Bytes32(idBytes(escrowId))), List.of()));
  }

  /** {@code value} as an ABI address, refusing what is not one (or is the zero address). */
  private static Address address(String role, String value) {
    AddressCheck check = EvmAddresses.check(value);
    if (!check.valid()) {
      throw new IllegalArgumentException(
          "the " + role + " is not an EVM address: " + check.reason());
    }
    return new Address(check.normalized());
  }

  private static String checksummed(Type<?> address) {
    return Keys.toChecksumAddress(((Address) address).getValue());
  }
}
