package io.stablepay.core.service;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.Decimals;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.TransferEstimate;
import io.stablepay.core.domain.TransferWouldFailException;
import io.stablepay.core.domain.UnsupportedAssetException;
import io.stablepay.core.domain.ledger.WithdrawalUnavailableException;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.domain.withdrawal.InsufficientLiquidityException;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.domain.withdrawal.WithdrawalSettings;
import io.stablepay.core.port.in.Withdrawals.Quote;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.TreasuryKeys;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;

/**
 * Prices a withdrawal for {@link WithdrawalService}: the token and treasury key on the network, the
 * on-chain estimate, the transaction's fee caps and the fee in ledger units of the asset; and
 * checks that the treasury can cover it alongside every open withdrawal.
 */
final class WithdrawalPricing {

  private final WithdrawalChains chains;
  private final WithdrawalBooks books;
  private final WithdrawalSettings settings;
  private final Clock clock;

  WithdrawalPricing(
      WithdrawalChains chains, WithdrawalBooks books, WithdrawalSettings settings, Clock clock) {
    this.chains = chains;
    this.books = books;
    this.settings = settings;
    this.clock = clock;
  }

  /** The priced transfer a withdrawal or a quote is built on. */
  record Priced(
      Network network,
      Token token,
      TreasuryKeys.TreasuryKey key,
      String from,
      BigInteger onchainAmount,
      TxFees fees,
      Quote quote) {}

  Priced price(Network network, Asset asset, BigInteger amount, String to) {
    Token token =
        network
            .token(asset)
            .filter(Token::deployed)
            .orElseThrow(() -> new UnsupportedAssetException(asset, network.id()));
    BigInteger usdPrice =
        settings
            .nativePrice(network.id())
            .orElseThrow(
                () ->
                    new WithdrawalUnavailableException(
                        "withdrawals on "
                            + network.id()
                            + " are not configured (no native coin price)"));
    chains.sender(network); // withdrawals on the network are sent from this function
    ChainRail rail = chains.rail(network);
    TreasuryKeys.TreasuryKey key =
        chains
            .treasuryKeys()
            .find(network.id(), TreasuryRole.TREASURY)
            .orElseThrow(
                () ->
                    new WithdrawalUnavailableException(
                        "this deployment has no treasury on " + network.id()));
    String from = rail.addressOf(key.publicKey());
    BigInteger onchain = token.toOnchainUnits(amount);
    TransferEstimate estimate;
    try {
      estimate = rail.estimateTransfer(network, token, from, to, onchain);
    } catch (TransferWouldFailException e) {
      throw new InsufficientLiquidityException(
          "the treasury on "
              + network.id()
              + " cannot send "
              + amount(amount, asset)
              + " right now");
    }
    TxFees fees;
    if (network.family() == ChainFamily.EVM) {
      FeeQuote.Eip1559 quote = (FeeQuote.Eip1559) rail.fees(network);
      BigInteger gasLimit =
          estimate
              .units()
              .multiply(BigInteger.valueOf(100L + settings.gasMarginPercent()))
              .divide(BigInteger.valueOf(100));
      fees = new TxFees.Eip1559(gasLimit, quote.maxFeePerGas(), quote.maxPriorityFeePerGas());
    } else {
      fees = new TxFees.Tron(settings.tronFeeLimitSun());
    }
    BigInteger fee =
        toLedgerFee(estimate.fee(), network.family().nativeDecimals(), usdPrice, asset);
    Quote quote =
        new Quote(
            network.id(),
            new TokenAmount(asset, amount),
            new TokenAmount(asset, fee),
            estimate.fee(),
            network.family().nativeDecimals(),
            network.nativeSymbol(),
            estimate.units(),
            settings.nativeUsdPrices().get(network.id()),
            clock.instant());
    return new Priced(network, token, key, from, onchain, fees, quote);
  }

  /**
   * {@code cost} native base units at {@code usdPrice} (10^-8 dollars per coin) in ledger units of
   * {@code asset}, one dollar each, rounded up: the platform never undercharges by rounding.
   */
  static BigInteger toLedgerFee(
      BigInteger cost, int nativeDecimals, BigInteger usdPrice, Asset asset) {
    BigInteger numerator = cost.multiply(usdPrice).multiply(BigInteger.TEN.pow(asset.decimals()));
    BigInteger denominator = BigInteger.TEN.pow(nativeDecimals + WithdrawalSettings.PRICE_DECIMALS);
    BigInteger[] qr = numerator.divideAndRemainder(denominator);
    return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
  }

  /**
   * The treasury must hold the tokens of this and every open withdrawal of the asset on the
   * network, and native coin for the fees of all of them at their caps.
   */
  void checkLiquidity(Priced priced, BigInteger amount) {
    Network network = priced.network();
    ChainRail rail = chains.rail(network);
    List<Withdrawal> open = books.store().open(network.id());
    BigInteger inFlight =
        open.stream()
            .filter(w -> w.asset() == priced.token().asset())
            .map(w -> w.amount().units())
            .reduce(BigInteger.ZERO, BigInteger::add);
    BigInteger tokens =
        priced.token().toLedgerUnits(rail.tokenBalance(network, priced.token(), priced.from()));
    if (tokens.compareTo(inFlight.add(amount)) < 0) {
      throw new InsufficientLiquidityException(
          "the treasury on "
              + network.id()
              + " cannot cover "
              + amount(amount, priced.token().asset())
              + " right now");
    }
    BigInteger gas = priced.fees().maxCost().multiply(BigInteger.valueOf(open.size() + 1L));
    if (rail.nativeBalance(network, priced.from()).compareTo(gas) < 0) {
      throw new InsufficientLiquidityException(
          "the treasury on " + network.id() + " cannot pay the network fee right now");
    }
  }

  /** {@code amount} of {@code asset} as a message shows it, e.g. "1.50 USDC". */
  static String amount(BigInteger amount, Asset asset) {
    return Decimals.format(amount, asset.decimals()) + " " + asset;
  }
}
