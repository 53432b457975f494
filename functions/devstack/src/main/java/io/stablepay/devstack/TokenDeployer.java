package io.stablepay.devstack;

import io.stablepay.contracts.ContractArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Deploys the test stablecoins to a local chain from its first unlocked dev account and mints them.
 * Local chains only: real networks are never touched by this class.
 */
public final class TokenDeployer {

  private static final BigInteger GAS_LIMIT = BigInteger.valueOf(3_000_000);

  /** The stand-ins, with the real tokens' decimals on Ethereum. */
  private static final List<Object[]> STABLECOINS =
      List.of(
          new Object[] {"USDT", "Tether USD (local)", 6},
          new Object[] {"USDC", "USD Coin (local)", 6},
          new Object[] {"DAI", "Dai Stablecoin (local)", 18});

  private TokenDeployer() {}

  /** The decimals the stand-in of {@code asset} (USDT, USDC or DAI) was deployed with. */
  public static int decimals(String asset) {
    return STABLECOINS.stream()
        .filter(coin -> coin[0].equals(asset))
        .map(coin -> (Integer) coin[2])
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no local stablecoin " + asset));
  }

  /** Deploys USDT, USDC and DAI; returns asset symbol to EIP-55 address, in that order. */
  public static Map<String, String> deployStablecoins(Web3j web3j) {
    ContractArtifact artifact = ContractArtifact.load("TestStablecoin");
    String owner = owner(web3j);
    Map<String, String> deployed = new LinkedHashMap<>();
    for (Object[] coin : STABLECOINS) {
      String constructor =
          FunctionEncoder.encodeConstructor(
              List.of(
                  new Utf8String((String) coin[1]),
                  new Utf8String((String) coin[0]),
                  new Uint8((Integer) coin[2])));
      TransactionReceipt receipt =
          send(
              web3j,
              Transaction.createContractTransaction(
                  owner,
                  null,
                  null,
                  GAS_LIMIT,
                  BigInteger.ZERO,
                  artifact.bytecode() + constructor));
      deployed.put((String) coin[0], Keys.toChecksumAddress(receipt.getContractAddress()));
    }
    return deployed;
  }

  /**
   * Mints {@code amount} base units of {@code token} to {@code to}, as the token's owner, and waits
   * for the block.
   *
   * @return the mined transaction's receipt
   */
  public static TransactionReceipt mint(Web3j web3j, String token, String to, BigInteger amount) {
    String data =
        FunctionEncoder.encode(
            new Function("mint", List.of(new Address(to), new Uint256(amount)), List.of()));
    return send(
        web3j,
        Transaction.createFunctionCallTransaction(
            owner(web3j), null, null, GAS_LIMIT, token, data));
  }

  private static String owner(Web3j web3j) {
    return check(call(() -> web3j.ethAccounts().send())).getAccounts().get(0);
  }

  private static TransactionReceipt send(Web3j web3j, Transaction transaction) {
    String hash =
        check(call(() -> web3j.ethSendTransaction(transaction).send())).getTransactionHash();
    try {
      // anvil mines a block a second: poll often instead of web3j's 15 s default
      TransactionReceipt receipt =
          new PollingTransactionReceiptProcessor(web3j, 100, 300).waitForTransactionReceipt(hash);
      if (!receipt.isStatusOK()) {
        throw new IllegalStateException("transaction " + hash + " reverted");
      }
      return receipt;
    } catch (IOException | org.web3j.protocol.exceptions.TransactionException e) {
      throw new IllegalStateException("no receipt for " + hash, e);
    }
  }

  private interface RpcCall<T> {
    T send() throws IOException;
  }

  private static <T> T call(RpcCall<T> rpc) {
    try {
      return rpc.send();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T extends Response<?>> T check(T response) {
    if (response.hasError()) {
      throw new IllegalStateException("node refused: " + response.getError().getMessage());
    }
    return response;
  }
}
