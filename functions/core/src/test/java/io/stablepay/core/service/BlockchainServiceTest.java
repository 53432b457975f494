package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.AddressCheck;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkNotServedException;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TransferEstimate;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.UnknownNetworkException;
import io.stablepay.core.domain.UnsupportedAssetException;
import io.stablepay.core.port.in.EstimateTransferCommand;
import io.stablepay.core.port.in.ValidateAddressCommand;
import io.stablepay.core.port.out.ChainRail;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockchainServiceTest {

  private static final String ALICE = "0xalice";
  private static final String BOB = "0xbob";

  private final RecordingRail rail = new RecordingRail();
  private final Network ethereum =
      new Network(
          NetworkId.ETHEREUM,
          "Ethereum",
          ChainFamily.EVM,
          1,
          "ETH",
          12,
          12,
          "https://etherscan.io",
          List.of(new Token(Asset.USDT, "0xusdt", 6), new Token(Asset.DAI, null, 18)),
          null,
          Map.of());
  private final BlockchainService service =
      new BlockchainService(new NetworkRegistry("test", List.of(ethereum)), List.of(rail));

  @Test
  void estimateParsesTheAmountWithTheNetworksTokenDecimals() {
    service.estimateTransfer(EstimateTransferCommand.of("ethereum", "usdt", ALICE, BOB, "1.25"));

    assertThat(rail.estimated).containsExactly(BigInteger.valueOf(1_250_000));
  }

  @Test
  void estimateRefusesMoreDecimalsThanTheTokenHasBeforeAskingTheChain() {
    assertThatThrownBy(
            () ->
                service.estimateTransfer(
                    EstimateTransferCommand.of("ETHEREUM", "USDT", ALICE, BOB, "1.0000001")))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(rail.estimated).isEmpty();
  }

  @Test
  void estimateRefusesAnInvalidCounterpartyNamingTheField() {
    assertThatThrownBy(
            () ->
                service.estimateTransfer(
                    EstimateTransferCommand.of("ETHEREUM", "USDT", ALICE, "nope", "1")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("to:");
  }

  @Test
  void estimateRefusesAnAssetTheIssuerDoesNotSupportThere() {
    assertThatThrownBy(
            () ->
                service.estimateTransfer(
                    EstimateTransferCommand.of("ETHEREUM", "USDC", ALICE, BOB, "1")))
        .isInstanceOf(UnsupportedAssetException.class);
  }

  @Test
  void aNetworkThatIsKnownButNotServedIsRefused() {
    assertThatThrownBy(() -> service.fees("POLYGON"))
        .isInstanceOf(NetworkNotServedException.class)
        .hasMessageContaining("not served");
    assertThatThrownBy(() -> service.fees("SOLANA")).isInstanceOf(UnknownNetworkException.class);
  }

  @Test
  void validationNeedsNoServedNetworkOnlyItsFamily() {
    AddressCheck check = service.validateAddress(ValidateAddressCommand.of("base", BOB));

    assertThat(check.valid()).isTrue();
  }

  /** A rail of our own port: accepts addresses starting with 0x and records estimates. */
  private static final class RecordingRail implements ChainRail {
    final List<BigInteger> estimated = new ArrayList<>();

    @Override
    public ChainFamily family() {
      return ChainFamily.EVM;
    }

    @Override
    public AddressCheck validateAddress(String address) {
      return address.startsWith("0x")
          ? AddressCheck.valid(address)
          : AddressCheck.invalid("not an address");
    }

    @Override
    public String addressOf(byte[] subjectPublicKeyInfo) {
      throw new AssertionError("not expected");
    }

    @Override
    public FeeQuote fees(Network network) {
      throw new AssertionError("not expected");
    }

    @Override
    public ChainTransaction transaction(Network network, TxHash hash) {
      throw new AssertionError("not expected");
    }

    @Override
    public TransferEstimate estimateTransfer(
        Network network, Token token, String from, String to, BigInteger amount) {
      estimated.add(amount);
      return new TransferEstimate(
          network, token, amount, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, "node");
    }

    @Override
    public String recoverMessageSigner(String message, String signature) {
      throw new AssertionError("not expected");
    }

    @Override
    public BigInteger tokenBalance(Network network, Token token, String address) {
      throw new AssertionError("not expected");
    }

    @Override
    public BigInteger nativeBalance(Network network, String address) {
      throw new AssertionError("not expected");
    }

    @Override
    public ComponentHealth health(Network network) {
      return ComponentHealth.up("chain");
    }
  }
}
