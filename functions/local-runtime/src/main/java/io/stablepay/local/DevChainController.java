package io.stablepay.local;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Decimals;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.UnsupportedAssetException;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.TokenDeployer;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

/**
 * Local chains on demand, for trying the deposit path end to end: the faucet mints test tokens
 * on a local anvil chain to any address, and {@code mine} adds blocks (confirmations). Exists
 * only in the local runtime, never in a deployed function.
 */
@Hidden
@Controller("/api/dev")
@ExecuteOn(TaskExecutors.BLOCKING)
class DevChainController {

  /** More than any test needs, little enough that a typo cannot mint absurd amounts. */
  private static final BigInteger MAX_WHOLE_UNITS = BigInteger.valueOf(1_000_000);
  private static final int MAX_BLOCKS = 1_000;

  private final NetworkRegistry registry;
  private final Map<String, Web3j> clients = new ConcurrentHashMap<>();

  DevChainController(NetworkRegistry registry) {
    this.registry = registry;
  }

  @Post("/faucet")
  Minted faucet(@Body FaucetRequest request) {
    Network network = localChain(request.network());
    Asset asset = Asset.parse(request.asset());
    Token token = network.token(asset).filter(Token::deployed).orElseThrow(() ->
        new UnsupportedAssetException(asset, network.id()));
    if (request.address() == null || !WalletUtils.isValidAddress(request.address())) {
      throw new InvalidRequestException("address must be an EVM address (0x and 40 hex digits)");
    }
    BigInteger amount = Decimals.parse(request.amount(), token.decimals());
    if (amount.signum() <= 0
        || amount.compareTo(MAX_WHOLE_UNITS.multiply(BigInteger.TEN.pow(token.decimals()))) > 0) {
      throw new InvalidRequestException("amount must be above 0 and at most " + MAX_WHOLE_UNITS);
    }
    TransactionReceipt receipt = TokenDeployer.mint(client(network), token.address(),
        request.address(), amount);
    return new Minted(network.id().name(), asset.name(), request.address(), request.amount(),
        receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
  }

  @Post("/mine")
  Mined mine(@Body MineRequest request) {
    Network network = localChain(request.network());
    if (request.blocks() == null || request.blocks() < 1 || request.blocks() > MAX_BLOCKS) {
      throw new InvalidRequestException("blocks must be between 1 and " + MAX_BLOCKS);
    }
    Web3j web3j = client(network);
    try {
      var response = new Request<>("anvil_mine", List.of(request.blocks()),
          new HttpService(network.rpcUrl()), AnvilNode.RpcResult.class).send();
      if (response.hasError()) {
        throw new ChainUnavailableException("anvil refused to mine: "
            + response.getError().getMessage());
      }
      return new Mined(network.id().name(),
          web3j.ethBlockNumber().send().getBlockNumber().longValueExact());
    } catch (IOException e) {
      throw new ChainUnavailableException("the local " + network.id() + " chain did not answer", e);
    }
  }

  private Network localChain(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidRequestException("network is required");
    }
    Network network = registry.require(name);
    if (network.family() != ChainFamily.EVM || !network.hasNode()) {
      throw new InvalidRequestException(network.id() + " has no local chain");
    }
    return network;
  }

  private Web3j client(Network network) {
    return clients.computeIfAbsent(network.rpcUrl(), url -> Web3j.build(new HttpService(url)));
  }

  @PreDestroy
  void close() {
    clients.values().forEach(Web3j::shutdown);
  }

  @Serdeable
  record FaucetRequest(String network, String asset, String address, String amount) {}

  @Serdeable
  record Minted(String network, String asset, String address, String amount, String txHash,
      long blockNumber) {}

  @Serdeable
  record MineRequest(String network, Integer blocks) {}

  @Serdeable
  record Mined(String network, long head) {}
}
